<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CreateContainerDialog</name>
    <message numerus="yes">
        <source>mounts %n host path(s)</source>
        <translation>
            <numerusform>mounts %n host path</numerusform>
            <numerusform>mounts %n host paths</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be started:</source>
        <translation>
            <numerusform>%n container could not be started:</numerusform>
            <numerusform>%n containers could not be started:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be stopped:</source>
        <translation>
            <numerusform>%n container could not be stopped:</numerusform>
            <numerusform>%n containers could not be stopped:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be restarted:</source>
        <translation>
            <numerusform>%n container could not be restarted:</numerusform>
            <numerusform>%n containers could not be restarted:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be killed:</source>
        <translation>
            <numerusform>%n container could not be killed:</numerusform>
            <numerusform>%n containers could not be killed:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be resumed:</source>
        <translation>
            <numerusform>%n container could not be resumed:</numerusform>
            <numerusform>%n containers could not be resumed:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be paused:</source>
        <translation>
            <numerusform>%n container could not be paused:</numerusform>
            <numerusform>%n containers could not be paused:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n container(s)?</source>
        <translation>
            <numerusform>Remove %n container?</numerusform>
            <numerusform>Remove %n containers?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them is running and will be killed first.</source>
        <translation>
            <numerusform>%n of them is running and will be killed first.</numerusform>
            <numerusform>%n of them are running and will be killed first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be removed:</source>
        <translation>
            <numerusform>%n container could not be removed:</numerusform>
            <numerusform>%n containers could not be removed:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stopped container(s), with their writable layers and logs:</source>
        <translation>
            <numerusform>%n stopped container, with its writable layer and logs:</numerusform>
            <numerusform>%n stopped containers, with their writable layers and logs:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unused image(s), freeing up to %1:</source>
        <translation>
            <numerusform>%n unused image, freeing up to %1:</numerusform>
            <numerusform>%n unused images, freeing up to %1:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) could not be removed:</source>
        <translation>
            <numerusform>%n image could not be removed:</numerusform>
            <numerusform>%n images could not be removed:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pruned %n container(s)</source>
        <translation>
            <numerusform>Pruned %n container</numerusform>
            <numerusform>Pruned %n containers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s).</source>
        <translation>
            <numerusform>%n image.</numerusform>
            <numerusform>%n images.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the image “%1” and the %n container(s) made from it?</source>
        <translation>
            <numerusform>Remove the image “%1” and the %n container made from it?</numerusform>
            <numerusform>Remove the image “%1” and the %n containers made from it?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them is running and will be stopped first.</source>
        <translation>
            <numerusform>%n of them is running and will be stopped first.</numerusform>
            <numerusform>%n of them are running and will be stopped first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be stopped; the image stays:</source>
        <translation>
            <numerusform>%n container could not be stopped; the image stays:</numerusform>
            <numerusform>%n containers could not be stopped; the image stays:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be removed; the image stays:</source>
        <translation>
            <numerusform>%n container could not be removed; the image stays:</numerusform>
            <numerusform>%n containers could not be removed; the image stays:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message numerus="yes">
        <source>publishes %n host port(s) below 1024 (%1)</source>
        <translation>
            <numerusform>publishes %n host port below 1024 (%1)</numerusform>
            <numerusform>publishes %n host ports below 1024 (%1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PullDialog</name>
    <message numerus="yes">
        <source>Pulling %1: %n layer(s)…</source>
        <translation>
            <numerusform>Pulling %1: %n layer…</numerusform>
            <numerusform>Pulling %1: %n layers…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) found.</source>
        <translation>
            <numerusform>%n image found.</numerusform>
            <numerusform>%n images found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message numerus="yes">
        <source>Glassbox: %n container(s) running</source>
        <translation>
            <numerusform>Glassbox: %n container running</numerusform>
            <numerusform>Glassbox: %n containers running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show all… (%n more)</source>
        <translation>
            <numerusform>Show all… (%n more)</numerusform>
            <numerusform>Show all… (%n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glassbox::details::LogsTab</name>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glassbox::details::ProcessesTab</name>
    <message numerus="yes">
        <source>%n process(es)</source>
        <translation>
            <numerusform>%n process</numerusform>
            <numerusform>%n processes</numerusform>
        </translation>
    </message>
</context>
</TS>
