<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>Charts</name>
    <message>
        <source>Seconds ago</source>
        <translation>Sekunden zuvor</translation>
    </message>
</context>
<context>
    <name>ContainerDetailsWidget</name>
    <message>
        <source>Container details</source>
        <translation>Containerdetails</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>Namespaces</source>
        <translation>Namespaces</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Inspect</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
</context>
<context>
    <name>ContainersModel</name>
    <message>
        <source>limit %1</source>
        <translation>Limit %1</translation>
    </message>
    <message>
        <source>ID %1</source>
        <translation>ID %1</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>Gestartet %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Uptime / exit</source>
        <translation>Laufzeit / Ende</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Host PID</source>
        <translation>Host-PID</translation>
    </message>
    <message>
        <source>CPU time used per second of wall time, from two samples a second apart. 100 % means one core fully busy; a container using two cores shows 200 %.</source>
        <translation>Verbrauchte CPU-Zeit je Sekunde Echtzeit, aus zwei Messungen im Abstand von einer Sekunde. 100 % bedeutet einen voll ausgelasteten Kern; ein Container, der zwei Kerne nutzt, zeigt 200 %.</translation>
    </message>
    <message>
        <source>The process ID of the container&apos;s init as the host sees it</source>
        <translation>Die Prozess-ID des Init-Prozesses des Containers, wie der Host sie sieht</translation>
    </message>
    <message>
        <source>How long it has been running, or the exit code of its last run</source>
        <translation>Wie lange er schon läuft, oder der Exit-Code seines letzten Laufs</translation>
    </message>
    <message>
        <source>Created by %1 (uid %2)</source>
        <translation>Erstellt von %1 (UID %2)</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Memory the container uses now / its limit, as docker stats counts it: the cgroup&apos;s memory less its inactive file cache, which the kernel drops first when memory runs short</source>
        <translation>Speicher, den der Container gerade belegt / sein Limit, gezählt wie von docker stats: der Speicher der cgroup ohne ihren inaktiven Datei-Cache, den der Kernel bei Speichermangel zuerst freigibt</translation>
    </message>
    <message>
        <source>The user who created the container</source>
        <translation>Der Benutzer, der den Container erstellt hat</translation>
    </message>
    <message>
        <source>Host port %1 (%2) forwards to the container&apos;s port %3</source>
        <translation>Host-Port %1 (%2) leitet an Port %3 des Containers weiter</translation>
    </message>
    <message>
        <source>The container&apos;s port %1 (%2), on a free host port chosen at start</source>
        <translation>Port %1 (%2) des Containers, auf einem freien Host-Port, der beim Start gewählt wird</translation>
    </message>
    <message>
        <source>Double-click to open %1 in the web browser.</source>
        <translation>Doppelklicken, um %1 im Webbrowser zu öffnen.</translation>
    </message>
    <message>
        <source>Double-click to open one of them in the web browser.</source>
        <translation>Doppelklicken, um einen davon im Webbrowser zu öffnen.</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Ports published on the host: host address:host port→container port/protocol</source>
        <translation>Auf dem Host veröffentlichte Ports: Host-Adresse:Host-Port→Container-Port/Protokoll</translation>
    </message>
</context>
<context>
    <name>CreateContainerDialog</name>
    <message>
        <source>Run a Container</source>
        <translation>Container ausführen</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>&amp;Environment</source>
        <translation>&amp;Umgebung</translation>
    </message>
    <message>
        <source>&amp;Security</source>
        <translation>&amp;Sicherheit</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>Aus&amp;führen</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>⚠ Privileged: needs administrator authorization each time</source>
        <translation>⚠ Privilegiert: braucht jedes Mal die Berechtigung eines Administrators</translation>
    </message>
    <message>
        <source>Containers with this choice can affect the host. Glassbox asks polkit for the privileged action, which is never remembered.</source>
        <translation>Container mit dieser Wahl können den Host beeinflussen. Glassbox fragt polkit nach der privilegierten Aktion, die nie gespeichert wird.</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>&amp;Image:</translation>
    </message>
    <message>
        <source>optional, e.g. web</source>
        <translation>optional, z. B. web</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>the image&apos;s default command</source>
        <translation>der Standardbefehl des Images</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Split into arguments like a shell does; quote arguments with spaces</source>
        <translation>Wird wie in einer Shell in Argumente zerlegt; Argumente mit Leerzeichen in Anführungszeichen setzen</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <source>the image&apos;s, e.g. /</source>
        <translation>der des Images, z. B. /</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>Arbeitsverzeichnis</translation>
    </message>
    <message>
        <source>uid[:gid] or a name from the image</source>
        <translation>uid[:gid] oder ein Name aus dem Image</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>Benut&amp;zer:</translation>
    </message>
    <message>
        <source>the container&apos;s id</source>
        <translation>die ID des Containers</translation>
    </message>
    <message>
        <source>Hostname</source>
        <translation>Hostname</translation>
    </message>
    <message>
        <source>&amp;Hostname:</source>
        <translation>&amp;Hostname:</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>Umgebungsvariablen</translation>
    </message>
    <message>
        <source>&amp;Add variable</source>
        <translation>Variable &amp;hinzufügen</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Kein Limit</translation>
    </message>
    <message>
        <source>Memory limit</source>
        <translation>Speicherlimit</translation>
    </message>
    <message>
        <source> cores</source>
        <translation> Kerne</translation>
    </message>
    <message>
        <source>CPU limit in cores</source>
        <translation>CPU-Limit in Kernen</translation>
    </message>
    <message>
        <source>1 core = 100 % CPU in the containers list</source>
        <translation>1 Kern = 100 % CPU in der Containerliste</translation>
    </message>
    <message>
        <source>Process limit</source>
        <translation>Prozesslimit</translation>
    </message>
    <message>
        <source>Root inside the container is an unprivileged user on the host</source>
        <translation>root im Container ist auf dem Host ein unprivilegierter Benutzer</translation>
    </message>
    <message>
        <source>e.g. NET_ADMIN, SYS_PTRACE</source>
        <translation>z. B. NET_ADMIN, SYS_PTRACE</translation>
    </message>
    <message>
        <source>Capabilities to add (privileged)</source>
        <translation>Hinzuzufügende Capabilities (privilegiert)</translation>
    </message>
    <message>
        <source>e.g. NET_RAW, or ALL</source>
        <translation>z. B. NET_RAW oder ALL</translation>
    </message>
    <message>
        <source>Capabilities to drop</source>
        <translation>Zu entfernende Capabilities</translation>
    </message>
    <message>
        <source>&amp;Drop capabilities:</source>
        <translation>Capabilities entfe&amp;rnen:</translation>
    </message>
    <message>
        <source>Default profile (blocks dangerous system calls)</source>
        <translation>Standardprofil (sperrt gefährliche Systemaufrufe)</translation>
    </message>
    <message>
        <source>Unconfined (privileged)</source>
        <translation>Uneingeschränkt (privilegiert)</translation>
    </message>
    <message>
        <source>Seccomp profile</source>
        <translation>Seccomp-Profil</translation>
    </message>
    <message>
        <source>Host path</source>
        <translation>Pfad auf dem Host</translation>
    </message>
    <message>
        <source>Container path</source>
        <translation>Pfad im Container</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Nur lesbar</translation>
    </message>
    <message>
        <source>Host bind mounts (privileged)</source>
        <translation>Bind-Mounts vom Host (privilegiert)</translation>
    </message>
    <message>
        <source>Host directories the container sees. Read-only: type “yes” or “no”.</source>
        <translation>Verzeichnisse des Hosts, die der Container sieht. Nur lesbar: „ja“ oder „nein“ eingeben.</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>adds capabilities (%1)</source>
        <translation>fügt Capabilities hinzu (%1)</translation>
    </message>
    <message>
        <source>runs without a seccomp filter</source>
        <translation>läuft ohne Seccomp-Filter</translation>
    </message>
    <message numerus="yes">
        <source>mounts %n host path(s)</source>
        <translation>
            <numerusform>bindet %n Pfad des Hosts ein</numerusform>
            <numerusform>bindet %n Pfade des Hosts ein</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ Privileged container: it %1. Glassbox will ask for administrator authorization.</source>
        <translation>⚠ Privilegierter Container: er %1. Glassbox fragt nach der Berechtigung eines Administrators.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>A name starts with a letter or digit and has only letters, digits, “_”, “.” and “-” (at most 63).</source>
        <translation>Ein Name beginnt mit einem Buchstaben oder einer Ziffer und enthält nur Buchstaben, Ziffern, „_“, „.“ und „-“ (höchstens 63).</translation>
    </message>
    <message>
        <source>The user is a name or a number from 0 to %1, optionally followed by “:” and a group name or number.</source>
        <translation>Der Benutzer ist ein Name oder eine Zahl von 0 bis %1, optional gefolgt von „:“ und einem Gruppennamen oder einer Gruppennummer.</translation>
    </message>
    <message>
        <source>Res&amp;ources</source>
        <translation>Ress&amp;ourcen</translation>
    </message>
    <message>
        <source>Moun&amp;ts</source>
        <translation>&amp;Mounts</translation>
    </message>
    <message>
        <source>Creating the container… (an administrator may be asked for a password)</source>
        <translation>Der Container wird erstellt … (womöglich wird nach dem Passwort eines Administrators gefragt)</translation>
    </message>
    <message>
        <source>Wor&amp;king directory:</source>
        <translation>A&amp;rbeitsverzeichnis:</translation>
    </message>
    <message>
        <source>Start it right &amp;away</source>
        <translation>Sofort s&amp;tarten</translation>
    </message>
    <message>
        <source>Type NAME=value in the first column, or the name and the value in their own columns</source>
        <translation>Geben Sie NAME=Wert in die erste Spalte ein, oder Name und Wert in je eine eigene Spalte</translation>
    </message>
    <message>
        <source>Remo&amp;ve variable</source>
        <translation>Variable entfe&amp;rnen</translation>
    </message>
    <message>
        <source>no limit; e.g. 512m, 1g, 1 GiB or bytes</source>
        <translation>kein Limit; z. B. 512m, 1g, 1 GiB oder Bytes</translation>
    </message>
    <message>
        <source>Bytes, or a number with k, m, g or t (binary multiples: 1k = 1024 bytes), optionally followed by iB; at least %1 MiB</source>
        <translation>Bytes, oder eine Zahl mit k, m, g oder t (binäre Vielfache: 1k = 1024 Bytes), wahlweise gefolgt von iB; mindestens %1 MiB</translation>
    </message>
    <message>
        <source>Memor&amp;y limit:</source>
        <translation>Speicher&amp;limit:</translation>
    </message>
    <message>
        <source>CPU &amp;limit:</source>
        <translation>&amp;CPU-Limit:</translation>
    </message>
    <message>
        <source>Ma&amp;ximum processes:</source>
        <translation>&amp;Prozesslimit:</translation>
    </message>
    <message>
        <source>Read-only root &amp;filesystem</source>
        <translation>&amp;Wurzeldateisystem nur lesbar</translation>
    </message>
    <message>
        <source>Remap root to an unpri&amp;vileged user (user namespace)</source>
        <translation>root auf einen unprivilegierten Benutzer abbil&amp;den (User-Namespace)</translation>
    </message>
    <message>
        <source>Add capa&amp;bilities:</source>
        <translation>Capabilities hin&amp;zufügen:</translation>
    </message>
    <message>
        <source>Seccom&amp;p:</source>
        <translation>Se&amp;ccomp:</translation>
    </message>
    <message>
        <source>Add &amp;mount</source>
        <translation>Mount &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Remo&amp;ve mount</source>
        <translation>Mount entfe&amp;rnen</translation>
    </message>
    <message>
        <source>Choose an image (%1 is always available).</source>
        <translation>Wählen Sie ein Image (%1 ist immer verfügbar).</translation>
    </message>
    <message>
        <source>“%1” is not an image reference: a lowercase name such as busybox or registry.example/team/app, optionally followed by “:tag”, or an image id.</source>
        <translation>„%1“ ist keine Image-Referenz: ein kleingeschriebener Name wie busybox oder registry.example/team/app, wahlweise gefolgt von „:tag“, oder eine Image-ID.</translation>
    </message>
    <message>
        <source>The name “%1” is taken by the container %2; choose another name.</source>
        <translation>Der Name „%1“ ist bereits vom Container %2 belegt; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The memory limit “%1” is not a size: give bytes or a number with a unit, as in 512m, 1g or 1 GiB.</source>
        <translation>Das Speicherlimit „%1“ ist keine Größe: Geben Sie Bytes oder eine Zahl mit Einheit an, etwa 512m, 1g oder 1 GiB.</translation>
    </message>
    <message>
        <source>The memory limit %1 is too small: a container needs at least %2 MiB.</source>
        <translation>Das Speicherlimit %1 ist zu klein: Ein Container braucht mindestens %2 MiB.</translation>
    </message>
    <message>
        <source>%1 is always here: it is built on first use, without a download.
Add other images with Image ▸ Import Image…</source>
        <translation>%1 ist immer da: Es wird bei der ersten Verwendung gebaut, ohne Download.
Andere Images fügen Sie mit Image ▸ Image importieren … hinzu.</translation>
    </message>
    <message>
        <source>Net&amp;work</source>
        <translation>Netzwer&amp;k</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Could not %1: the command “%2” was not found in the image.</source>
        <translation>Fehlgeschlagen: %1 – der Befehl „%2“ ist im Image nicht vorhanden.</translation>
    </message>
    <message>
        <source>Could not %1: “%2” is not an executable file in the image.</source>
        <translation>Fehlgeschlagen: %1 – „%2“ ist im Image keine ausführbare Datei.</translation>
    </message>
    <message>
        <source>Could not %1. %2.</source>
        <translation>Fehlgeschlagen: %1. %2.</translation>
    </message>
    <message>
        <source>You are not allowed to %1.</source>
        <translation>Keine Berechtigung: %1.</translation>
    </message>
    <message>
        <source>Could not %1: %2. Import it with Import Image… first.</source>
        <translation>Fehlgeschlagen: %1 – %2. Importieren Sie es zuerst mit „Image importieren …“.</translation>
    </message>
    <message>
        <source>Could not %1: it no longer exists (%2).</source>
        <translation>Fehlgeschlagen: %1 – existiert nicht mehr (%2).</translation>
    </message>
    <message>
        <source>Could not %1: %2.</source>
        <translation>Fehlgeschlagen: %1 – %2.</translation>
    </message>
    <message>
        <source>Could not %1 because it is busy: %2</source>
        <translation>Fehlgeschlagen: %1 – gerade belegt: %2</translation>
    </message>
    <message>
        <source>Could not %1, the input was refused: %2</source>
        <translation>Fehlgeschlagen: %1 – die Eingabe wurde abgelehnt: %2</translation>
    </message>
    <message>
        <source>Could not %1: the Glassbox helper (glassbox-helper) is not running or not installed.</source>
        <translation>Fehlgeschlagen: %1 – der Glassbox-Helfer (glassbox-helper) läuft nicht oder ist nicht installiert.</translation>
    </message>
    <message>
        <source>Could not %1: the Glassbox helper did not answer in time.</source>
        <translation>Fehlgeschlagen: %1 – der Glassbox-Helfer hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>Could not %1: the system bus refused the call (%2).</source>
        <translation>Fehlgeschlagen: %1 – der Systembus hat den Aufruf abgelehnt (%2).</translation>
    </message>
    <message>
        <source>Could not %1: the connection to the system bus is lost.</source>
        <translation>Fehlgeschlagen: %1 – die Verbindung zum Systembus ist verloren.</translation>
    </message>
    <message>
        <source>Could not %1: it no longer exists.</source>
        <translation>Fehlgeschlagen: %1 – existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Could not %1: the Glassbox helper did not understand the request (%2); the application and the helper may be of different versions.</source>
        <translation>Fehlgeschlagen: %1 – der Glassbox-Helfer hat die Anfrage nicht verstanden (%2); Anwendung und Helfer haben womöglich verschiedene Versionen.</translation>
    </message>
    <message>
        <source>Could not %1: %2</source>
        <translation>Fehlgeschlagen: %1 – %2</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
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
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Up %1, paused</source>
        <translation>Seit %1, pausiert</translation>
    </message>
    <message>
        <source>Up %1</source>
        <translation>Läuft seit %1</translation>
    </message>
    <message>
        <source>Exited (%1, out of memory)</source>
        <translation>Beendet (%1, Speicher erschöpft)</translation>
    </message>
    <message>
        <source>Exited (%1)</source>
        <translation>Beendet (%1)</translation>
    </message>
    <message>
        <source>Never started</source>
        <translation>Nie gestartet</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt …</translation>
    </message>
    <message>
        <source>Up %1, stopping</source>
        <translation>Seit %1, wird gestoppt</translation>
    </message>
</context>
<context>
    <name>HelperClient</name>
    <message>
        <source>Cannot connect to the system bus: %1</source>
        <translation>Keine Verbindung zum Systembus: %1</translation>
    </message>
    <message>
        <source>list containers and images</source>
        <translation>Container und Images auflisten</translation>
    </message>
    <message>
        <source>read the containers&apos; statistics</source>
        <translation>Statistiken der Container lesen</translation>
    </message>
    <message>
        <source>create a container from “%1”</source>
        <translation>Container aus „%1“ erstellen</translation>
    </message>
    <message>
        <source>create the container “%1”</source>
        <translation>Container „%1“ erstellen</translation>
    </message>
    <message>
        <source>start the container “%1”</source>
        <translation>Container „%1“ starten</translation>
    </message>
    <message>
        <source>stop the container “%1”</source>
        <translation>Container „%1“ stoppen</translation>
    </message>
    <message>
        <source>restart the container “%1”</source>
        <translation>Container „%1“ neu starten</translation>
    </message>
    <message>
        <source>kill the container “%1”</source>
        <translation>Container „%1“ abwürgen (SIGKILL)</translation>
    </message>
    <message>
        <source>pause the container “%1”</source>
        <translation>Container „%1“ pausieren</translation>
    </message>
    <message>
        <source>resume the container “%1”</source>
        <translation>Container „%1“ fortsetzen</translation>
    </message>
    <message>
        <source>remove the container “%1”</source>
        <translation>Container „%1“ entfernen</translation>
    </message>
    <message>
        <source>import an image</source>
        <translation>Image importieren</translation>
    </message>
    <message>
        <source>remove the image “%1”</source>
        <translation>Image „%1“ entfernen</translation>
    </message>
    <message>
        <source>tag the image as “%1”</source>
        <translation>Image als „%1“ taggen</translation>
    </message>
    <message>
        <source>Connecting to the helper…</source>
        <translation>Verbindung zum Helfer wird aufgebaut …</translation>
    </message>
    <message>
        <source>Helper not reachable</source>
        <translation>Helfer nicht erreichbar</translation>
    </message>
    <message>
        <source>Helper not responding</source>
        <translation>Helfer antwortet nicht</translation>
    </message>
    <message>
        <source>Helper connected; you may not view containers</source>
        <translation>Helfer verbunden; Sie dürfen keine Container ansehen</translation>
    </message>
    <message>
        <source>Helper connected</source>
        <translation>Helfer verbunden</translation>
    </message>
    <message>
        <source>pull the image “%1”</source>
        <translation>das Image „%1“ herunterladen</translation>
    </message>
    <message>
        <source>cancel the job</source>
        <translation>den Auftrag abbrechen</translation>
    </message>
</context>
<context>
    <name>ImagesModel</name>
    <message>
        <source>&lt;none&gt;</source>
        <translation>&lt;keine&gt;</translation>
    </message>
    <message>
        <source>Containers made from this image; it cannot be removed while they exist</source>
        <translation>Container aus diesem Image; solange es sie gibt, kann es nicht entfernt werden</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>In use by</source>
        <translation>Verwendet von</translation>
    </message>
    <message>
        <source>Digests:</source>
        <translation>Digests:</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Herkunft</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Glassbox</source>
        <translation>Glassbox</translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation>&amp;Images</translation>
    </message>
    <message>
        <source>Asking the helper to %1…</source>
        <translation>Auftrag an den Helfer: %1 …</translation>
    </message>
    <message>
        <source>Done: %1.</source>
        <translation>Erledigt: %1.</translation>
    </message>
    <message>
        <source>Filter containers (Ctrl+F)</source>
        <translation>Container filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Filter containers</source>
        <translation>Container filtern</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Select a container to see what it is made of.</source>
        <translation>Wählen Sie einen Container, um zu sehen, woraus er besteht.</translation>
    </message>
    <message>
        <source>Filter images (Ctrl+F)</source>
        <translation>Images filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Filter images</source>
        <translation>Images filtern</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>&amp;Run…</source>
        <translation>&amp;Ausführen …</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>R&amp;estart</source>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <source>&amp;Kill</source>
        <translation>Ab&amp;würgen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Entfernen …</translation>
    </message>
    <message>
        <source>&amp;Import Image…</source>
        <translation>Image &amp;importieren …</translation>
    </message>
    <message>
        <source>&amp;Tag Image…</source>
        <translation>Image &amp;taggen …</translation>
    </message>
    <message>
        <source>Remove I&amp;mage…</source>
        <translation>I&amp;mage entfernen …</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;Container</source>
        <translation>&amp;Container</translation>
    </message>
    <message>
        <source>I&amp;mage</source>
        <translation>I&amp;mage</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Remove the container “%1”? It is running and will be killed first. Its writable layer and logs are deleted.</source>
        <translation>Container „%1“ entfernen? Er läuft und wird zuerst beendet. Seine beschreibbare Schicht und seine Logs werden gelöscht.</translation>
    </message>
    <message>
        <source>Remove the container “%1”? Its writable layer and logs are deleted.</source>
        <translation>Container „%1“ entfernen? Seine beschreibbare Schicht und seine Logs werden gelöscht.</translation>
    </message>
    <message>
        <source>Remove Container</source>
        <translation>Container entfernen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Import Image</source>
        <translation>Image importieren</translation>
    </message>
    <message>
        <source>Image archives (*.tar *.tar.gz *.tgz *.tar.zst *.tar.xz);;All files (*)</source>
        <translation>Image-Archive (*.tar *.tar.gz *.tgz *.tar.zst *.tar.xz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>import an image</source>
        <translation>Image importieren</translation>
    </message>
    <message>
        <source>Could not open “%1”: %2</source>
        <translation>„%1“ lässt sich nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Importing “%1”…</source>
        <translation>„%1“ wird importiert …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>The image was imported.</source>
        <translation>Das Image wurde importiert.</translation>
    </message>
    <message>
        <source>Remove Image</source>
        <translation>Image entfernen</translation>
    </message>
    <message>
        <source>Remove the image “%1” and the layers no other image uses?</source>
        <translation>Image „%1“ und die Schichten, die kein anderes Image nutzt, entfernen?</translation>
    </message>
    <message>
        <source>Tag Image</source>
        <translation>Image taggen</translation>
    </message>
    <message>
        <source>New tag (name[:tag]):</source>
        <translation>Neuer Tag (Name[:Tag]):</translation>
    </message>
    <message>
        <source>Co&amp;ntainers</source>
        <translation>Co&amp;ntainer</translation>
    </message>
    <message>
        <source>show a container</source>
        <translation>einen Container zeigen</translation>
    </message>
    <message>
        <source>There is no container “%1”.</source>
        <translation>Es gibt keinen Container „%1“.</translation>
    </message>
    <message>
        <source>&amp;Clear Filter</source>
        <translation>Filter &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>The new container “%1” is hidden by the filter “%2”.</source>
        <translation>Der neue Container „%1“ wird vom Filter „%2“ ausgeblendet.</translation>
    </message>
    <message>
        <source>Needs authorization as an administrator</source>
        <translation>Erfordert eine Berechtigung als Administrator</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weiterer</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be started:</source>
        <translation>
            <numerusform>%n Container ließ sich nicht starten:</numerusform>
            <numerusform>%n Container ließen sich nicht starten:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be stopped:</source>
        <translation>
            <numerusform>%n Container ließ sich nicht stoppen:</numerusform>
            <numerusform>%n Container ließen sich nicht stoppen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be restarted:</source>
        <translation>
            <numerusform>%n Container ließ sich nicht neu starten:</numerusform>
            <numerusform>%n Container ließen sich nicht neu starten:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be killed:</source>
        <translation>
            <numerusform>%n Container ließ sich nicht abwürgen:</numerusform>
            <numerusform>%n Container ließen sich nicht abwürgen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be resumed:</source>
        <translation>
            <numerusform>%n Container ließ sich nicht fortsetzen:</numerusform>
            <numerusform>%n Container ließen sich nicht fortsetzen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be paused:</source>
        <translation>
            <numerusform>%n Container ließ sich nicht pausieren:</numerusform>
            <numerusform>%n Container ließen sich nicht pausieren:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n container(s)?</source>
        <translation>
            <numerusform>%n Container entfernen?</numerusform>
            <numerusform>%n Container entfernen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them is running and will be killed first.</source>
        <translation>
            <numerusform>%n davon läuft und wird zuerst abgewürgt.</numerusform>
            <numerusform>%n davon laufen und werden zuerst abgewürgt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Their writable layers and logs are deleted.</source>
        <translation>Ihre beschreibbaren Schichten und Logs werden gelöscht.</translation>
    </message>
    <message>
        <source>Remove Containers</source>
        <translation>Container entfernen</translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be removed:</source>
        <translation>
            <numerusform>%n Container ließ sich nicht entfernen:</numerusform>
            <numerusform>%n Container ließen sich nicht entfernen:</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to prune: every container is running and every image is in use.</source>
        <translation>Nichts zu bereinigen: Jeder Container läuft und jedes Image wird verwendet.</translation>
    </message>
    <message>
        <source>Remove what nothing running uses?</source>
        <translation>Entfernen, was nichts Laufendes verwendet?</translation>
    </message>
    <message numerus="yes">
        <source>%n stopped container(s), with their writable layers and logs:</source>
        <translation>
            <numerusform>%n gestoppter Container mit beschreibbarer Schicht und Logs:</numerusform>
            <numerusform>%n gestoppte Container mit ihren beschreibbaren Schichten und Logs:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unused image(s), freeing up to %1:</source>
        <translation>
            <numerusform>%n ungenutztes Image, gibt bis zu %1 frei:</numerusform>
            <numerusform>%n ungenutzte Images, geben bis zu %1 frei:</numerusform>
        </translation>
    </message>
    <message>
        <source>Running and paused containers and the images they use are not touched.</source>
        <translation>Laufende und pausierte Container und die Images, die sie verwenden, bleiben unberührt.</translation>
    </message>
    <message>
        <source>Prune</source>
        <translation>Bereinigen</translation>
    </message>
    <message>
        <source>&amp;Prune</source>
        <translation>&amp;Bereinigen</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) could not be removed:</source>
        <translation>
            <numerusform>%n Image ließ sich nicht entfernen:</numerusform>
            <numerusform>%n Images ließen sich nicht entfernen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pruned %n container(s)</source>
        <translation>
            <numerusform>%n Container bereinigt</numerusform>
            <numerusform>%n Container bereinigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s).</source>
        <translation>
            <numerusform>%n Image.</numerusform>
            <numerusform>%n Images.</numerusform>
        </translation>
    </message>
    <message>
        <source>Name for the image if the archive does not carry one
(image archives keep their own names):</source>
        <translation>Name für das Image, wenn das Archiv keinen mitbringt
(Image-Archive behalten ihre eigenen Namen):</translation>
    </message>
    <message>
        <source>The import of “%1” failed: %2</source>
        <translation>Der Import von „%1“ ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>The import of “%1” was cancelled; nothing was added.</source>
        <translation>Der Import von „%1“ wurde abgebrochen; nichts wurde hinzugefügt.</translation>
    </message>
    <message>
        <source>The helper lost track of the import of “%1”; the Images list shows whether it arrived.</source>
        <translation>Der Helfer hat den Import von „%1“ aus den Augen verloren; die Liste der Images zeigt, ob es angekommen ist.</translation>
    </message>
    <message>
        <source>Imported the image as “%1”.</source>
        <translation>Das Image wurde als „%1“ importiert.</translation>
    </message>
    <message>
        <source>Imported the image %1; it has no name.</source>
        <translation>Das Image %1 wurde importiert; es hat keinen Namen.</translation>
    </message>
    <message>
        <source>Imported “%1” (named by the archive).</source>
        <translation>„%1“ wurde importiert (Name aus dem Archiv).</translation>
    </message>
    <message numerus="yes">
        <source>Remove the image “%1” and the %n container(s) made from it?</source>
        <translation>
            <numerusform>Das Image „%1“ und den %n Container daraus entfernen?</numerusform>
            <numerusform>Das Image „%1“ und die %n Container daraus entfernen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them is running and will be stopped first.</source>
        <translation>
            <numerusform>%n davon läuft und wird zuerst gestoppt.</numerusform>
            <numerusform>%n davon laufen und werden zuerst gestoppt.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Remove All</source>
        <translation>Alle &amp;entfernen</translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be stopped; the image stays:</source>
        <translation>
            <numerusform>%n Container ließ sich nicht stoppen; das Image bleibt:</numerusform>
            <numerusform>%n Container ließen sich nicht stoppen; das Image bleibt:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n container(s) could not be removed; the image stays:</source>
        <translation>
            <numerusform>%n Container ließ sich nicht entfernen; das Image bleibt:</numerusform>
            <numerusform>%n Container ließen sich nicht entfernen; das Image bleibt:</numerusform>
        </translation>
    </message>
    <message>
        <source>create a container from “%1”</source>
        <translation>Container aus „%1“ erstellen</translation>
    </message>
    <message>
        <source>create the container “%1”</source>
        <translation>Container „%1“ erstellen</translation>
    </message>
    <message>
        <source>start the container “%1”</source>
        <translation>Container „%1“ starten</translation>
    </message>
    <message>
        <source>%1 The container “%2” was not kept; correct the form and try again.</source>
        <translation>%1 Der Container „%2“ wurde nicht behalten; korrigieren Sie die Angaben und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Pru&amp;ne…</source>
        <translation>Be&amp;reinigen …</translation>
    </message>
    <message>
        <source>open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>Could not open %1: no web browser is set up to open it.</source>
        <translation>%1 konnte nicht geöffnet werden: Es ist kein Webbrowser dafür eingerichtet.</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>P&amp;ull Image…</source>
        <translation>Image &amp;herunterladen …</translation>
    </message>
    <message>
        <source>The image “%1” is not on this computer and was not pulled. %2</source>
        <translation>Das Image „%1“ ist nicht auf diesem Computer und wurde nicht heruntergeladen. %2</translation>
    </message>
    <message>
        <source>Pulled “%1”.</source>
        <translation>„%1“ heruntergeladen.</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>%1 (the default network)</source>
        <translation>%1 (das Standardnetzwerk)</translation>
    </message>
    <message>
        <source>none (loopback only: no network)</source>
        <translation>none (nur Loopback: kein Netzwerk)</translation>
    </message>
    <message>
        <source>host (the host&apos;s network; privileged)</source>
        <translation>host (das Netzwerk des Hosts; privilegiert)</translation>
    </message>
    <message>
        <source>The default network is a bridge with NAT: the container reaches out through the host, and containers on one network reach each other by name. None leaves it only its loopback interface; the host&apos;s network gives it the host&apos;s interfaces and ports, with no wall between them.</source>
        <translation>Das Standardnetzwerk ist eine Bridge mit NAT: Der Container erreicht über den Host die Außenwelt, und Container in einem Netzwerk erreichen einander über ihren Namen. None lässt ihm nur seine Loopback-Schnittstelle; das Netzwerk des Hosts gibt ihm die Schnittstellen und Ports des Hosts, ohne Wand dazwischen.</translation>
    </message>
    <message>
        <source>Network to &amp;join:</source>
        <translation>&amp;Netzwerk:</translation>
    </message>
    <message>
        <source>Published ports forward a port of the host to one of the container&apos;s. Leave the host port empty (or 0) for any free one, and the host address empty for all of the host&apos;s.</source>
        <translation>Veröffentlichte Ports leiten einen Port des Hosts an einen des Containers weiter. Den Host-Port leer lassen (oder 0) für einen beliebigen freien, die Host-Adresse leer lassen für alle Adressen des Hosts.</translation>
    </message>
    <message>
        <source>Host address</source>
        <translation>Host-Adresse</translation>
    </message>
    <message>
        <source>Host port</source>
        <translation>Host-Port</translation>
    </message>
    <message>
        <source>Container port</source>
        <translation>Container-Port</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Published ports</source>
        <translation>Veröffentlichte Ports</translation>
    </message>
    <message>
        <source>&amp;Add port</source>
        <translation>Port &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Remo&amp;ve port</source>
        <translation>Port entfe&amp;rnen</translation>
    </message>
    <message>
        <source>&amp;Publish all ports the image exposes</source>
        <translation>Alle Ports &amp;veröffentlichen, die das Image freigibt</translation>
    </message>
    <message>
        <source>Each port the image exposes gets a free host port, chosen when the container starts; glassboxctl port and the Ports column show which. Not with none, the host&apos;s network or an internal network, which take no published ports.</source>
        <translation>Jeder Port, den das Image freigibt, bekommt einen freien Host-Port, der beim Start des Containers gewählt wird; glassboxctl port und die Spalte Ports zeigen, welchen. Nicht mit none, dem Netzwerk des Hosts oder einem internen Netzwerk, die keine veröffentlichten Ports annehmen.</translation>
    </message>
    <message>
        <source>⚠ Privileged: the host&apos;s network and host ports below 1024 need administrator authorization each time</source>
        <translation>⚠ Privilegiert: Das Netzwerk des Hosts und Host-Ports unter 1024 brauchen jedes Mal die Berechtigung eines Administrators</translation>
    </message>
    <message>
        <source>%1, internal: no way out</source>
        <translation>%1, intern: kein Weg nach außen</translation>
    </message>
    <message>
        <source>%1 (the default network, %2)</source>
        <translation>%1 (das Standardnetzwerk, %2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Port row %1: the host address “%2” is not an IPv4 address such as 127.0.0.1 or an IPv6 one such as fd00::1; leave it empty to publish on all of the host&apos;s addresses.</source>
        <translation>Port-Zeile %1: Die Host-Adresse „%2“ ist weder eine IPv4-Adresse wie 127.0.0.1 noch eine IPv6-Adresse wie fd00::1; leer lassen, um auf allen Adressen des Hosts zu veröffentlichen.</translation>
    </message>
    <message>
        <source>Port row %1: the host port “%2” is not a number from 1 to 65535 (leave it empty or 0 for any free port).</source>
        <translation>Port-Zeile %1: Der Host-Port „%2“ ist keine Zahl von 1 bis 65535 (leer lassen oder 0 für einen beliebigen freien Port).</translation>
    </message>
    <message>
        <source>Port row %1: give the container&apos;s port, a number from 1 to 65535.</source>
        <translation>Port-Zeile %1: Geben Sie den Port des Containers an, eine Zahl von 1 bis 65535.</translation>
    </message>
    <message>
        <source>Port row %1: the container port “%2” is not a number from 1 to 65535.</source>
        <translation>Port-Zeile %1: Der Container-Port „%2“ ist keine Zahl von 1 bis 65535.</translation>
    </message>
    <message>
        <source>Port row %1: the protocol is tcp or udp, not “%2”.</source>
        <translation>Port-Zeile %1: Das Protokoll ist tcp oder udp, nicht „%2“.</translation>
    </message>
    <message>
        <source>Port row %1 publishes the host port %2/%3 a second time.</source>
        <translation>Port-Zeile %1 veröffentlicht den Host-Port %2/%3 ein zweites Mal.</translation>
    </message>
    <message>
        <source>Published ports need a network of their own: choose a network other than “%1”, or remove the ports.</source>
        <translation>Veröffentlichte Ports brauchen ein eigenes Netzwerk: Wählen Sie ein anderes Netzwerk als „%1“, oder entfernen Sie die Ports.</translation>
    </message>
    <message>
        <source>uses the host&apos;s network</source>
        <translation>nutzt das Netzwerk des Hosts</translation>
    </message>
    <message numerus="yes">
        <source>publishes %n host port(s) below 1024 (%1)</source>
        <translation>
            <numerusform>veröffentlicht %n Host-Port unter 1024 (%1)</numerusform>
            <numerusform>veröffentlicht %n Host-Ports unter 1024 (%1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PullDialog</name>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Wird geladen</translation>
    </message>
    <message>
        <source>Downloaded, verified</source>
        <translation>Geladen, geprüft</translation>
    </message>
    <message>
        <source>Already in the store</source>
        <translation>Schon im Speicher</translation>
    </message>
    <message>
        <source>Extracting</source>
        <translation>Wird entpackt</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Remember in my container logins (auth.json)</source>
        <translation>In meinen Container-Anmeldungen &amp;merken (auth.json)</translation>
    </message>
    <message>
        <source>Pull Image</source>
        <translation>Image herunterladen</translation>
    </message>
    <message>
        <source>nginx, quay.io/org/app:1.2, ghcr.io/org/app@sha256:…</source>
        <translation>nginx, quay.io/org/app:1.2, ghcr.io/org/app@sha256:…</translation>
    </message>
    <message>
        <source>Image reference</source>
        <translation>Image-Referenz</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>&amp;Image:</translation>
    </message>
    <message>
        <source>Find an image</source>
        <translation>Ein Image finden</translation>
    </message>
    <message>
        <source>A name on Docker Hub, or registry/name for another registry</source>
        <translation>Ein Name auf Docker Hub oder Registry/Name für eine andere Registry</translation>
    </message>
    <message>
        <source>Search term</source>
        <translation>Suchbegriff</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Stars</source>
        <translation>Sterne</translation>
    </message>
    <message>
        <source>Official</source>
        <translation>Offiziell</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Progress of the pull</source>
        <translation>Fortschritt des Downloads</translation>
    </message>
    <message>
        <source>&amp;Pull</source>
        <translation>&amp;Herunterladen</translation>
    </message>
    <message>
        <source>&amp;Cancel Pull</source>
        <translation>Download &amp;abbrechen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>S&amp;chließen</translation>
    </message>
    <message>
        <source>Asking %1 for %2…</source>
        <translation>Frage %1 nach %2 …</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message numerus="yes">
        <source>Pulling %1: %n layer(s)…</source>
        <translation>
            <numerusform>Lade %1: %n Schicht …</numerusform>
            <numerusform>Lade %1: %n Schichten …</numerusform>
        </translation>
    </message>
    <message>
        <source>Pulled %1 (image %2).</source>
        <translation>%1 heruntergeladen (Image %2).</translation>
    </message>
    <message>
        <source>Cancelled: nothing of %1 was added.</source>
        <translation>Abgebrochen: Nichts von %1 wurde hinzugefügt.</translation>
    </message>
    <message>
        <source>The helper lost track of the pull of %1; see the Images list.</source>
        <translation>Der Helfer hat den Download von %1 aus den Augen verloren; siehe die Image-Liste.</translation>
    </message>
    <message>
        <source>The pull of %1 failed.</source>
        <translation>Der Download von %1 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Sign in to %1</source>
        <translation>Bei %1 anmelden</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>Searching %1 for “%2”…</source>
        <translation>Suche in %1 nach „%2“ …</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Nichts gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) found.</source>
        <translation>
            <numerusform>%n Image gefunden.</numerusform>
            <numerusform>%n Images gefunden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecurityText</name>
    <message>
        <source>Effective capabilities:</source>
        <translation>Effektive Capabilities:</translation>
    </message>
    <message>
        <source>Seccomp profile:</source>
        <translation>Seccomp-Profil:</translation>
    </message>
    <message>
        <source>User namespace:</source>
        <translation>User-Namespace:</translation>
    </message>
    <message>
        <source>no_new_privs:</source>
        <translation>no_new_privs:</translation>
    </message>
    <message>
        <source>Masked paths:</source>
        <translation>Maskierte Pfade:</translation>
    </message>
    <message>
        <source>Things to know about this container:</source>
        <translation>Wissenswertes über diesen Container:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1; blocks %2 of this machine&apos;s %3 system calls</source>
        <translation>%1; sperrt %2 der %3 Systemaufrufe dieses Rechners</translation>
    </message>
    <message>
        <source>none: container uids are host uids</source>
        <translation>keiner: UIDs im Container sind UIDs des Hosts</translation>
    </message>
    <message>
        <source>set: setuid programs cannot gain privileges</source>
        <translation>gesetzt: setuid-Programme können keine Rechte gewinnen</translation>
    </message>
    <message>
        <source>not set: setuid programs inside can gain privileges</source>
        <translation>nicht gesetzt: setuid-Programme darin können Rechte gewinnen</translation>
    </message>
    <message>
        <source>unconfined: every system call is allowed</source>
        <translation>uneingeschränkt: jeder Systemaufruf ist erlaubt</translation>
    </message>
    <message>
        <source>Docker&apos;s default profile</source>
        <translation>Docker-Standardprofil</translation>
    </message>
    <message>
        <source>container uid %1 = host uid %2 (%3 ids)</source>
        <translation>Container-UID %1 = Host-UID %2 (%3 IDs)</translation>
    </message>
    <message>
        <source>Runs as root on the host: there is no user namespace, so root in the container is the host&apos;s root, held back only by capabilities, seccomp and the other namespaces.</source>
        <translation>Läuft als root auf dem Host: Es gibt keinen User-Namespace, also ist root im Container root des Hosts, nur durch Capabilities, Seccomp und die anderen Namespaces gebremst.</translation>
    </message>
    <message>
        <source>Privileged: capabilities beyond the default set (%1).</source>
        <translation>Privilegiert: Capabilities über den Standardsatz hinaus (%1).</translation>
    </message>
    <message>
        <source>Privileged: seccomp is unconfined, so every system call, including the ones meant for the host&apos;s administrator, reaches the kernel.</source>
        <translation>Privilegiert: Seccomp ist uneingeschränkt, also erreicht jeder Systemaufruf den Kernel, auch die für den Administrator des Hosts gedachten.</translation>
    </message>
    <message>
        <source>Privileged: created with options that need the privileged action (bind mounts from the host, added capabilities or seccomp unconfined).</source>
        <translation>Privilegiert: mit Optionen erstellt, die die privilegierte Aktion brauchen (Bind-Mounts vom Host, zusätzliche Capabilities oder Seccomp uneingeschränkt).</translation>
    </message>
    <message>
        <source>%1 on %2%3</source>
        <translation>%1 auf %2%3</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation> (nur lesbar)</translation>
    </message>
    <message>
        <source>Host directories are mounted into it: %1.</source>
        <translation>Verzeichnisse des Hosts sind eingebunden: %1.</translation>
    </message>
    <message>
        <source>Shares namespaces with the host: %1.</source>
        <translation>Teilt Namespaces mit dem Host: %1.</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Glassbox</source>
        <translation>Glassbox</translation>
    </message>
    <message>
        <source>Glassbox: no container running</source>
        <translation>Glassbox: kein Container läuft</translation>
    </message>
    <message numerus="yes">
        <source>Glassbox: %n container(s) running</source>
        <translation>
            <numerusform>Glassbox: %n Container läuft</numerusform>
            <numerusform>Glassbox: %n Container laufen</numerusform>
        </translation>
    </message>
    <message>
        <source>CPU %1 (100 % = one core), memory %2</source>
        <translation>CPU %1 (100 % = ein Kern), Speicher %2</translation>
    </message>
    <message>
        <source>&amp;Open Glassbox</source>
        <translation>Glassbox ö&amp;ffnen</translation>
    </message>
    <message>
        <source>No containers</source>
        <translation>Keine Container</translation>
    </message>
    <message>
        <source>Start “%1”</source>
        <translation>„%1“ starten</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>“%1” was killed because it ran out of memory.</source>
        <translation>„%1“ wurde beendet, weil der Speicher erschöpft war.</translation>
    </message>
    <message>
        <source>“%1” exited unexpectedly with code %2.</source>
        <translation>„%1“ hat sich unerwartet mit Code %2 beendet.</translation>
    </message>
    <message>
        <source>Glassbox: %1</source>
        <translation>Glassbox: %1</translation>
    </message>
    <message>
        <source>Stopping “%1”…</source>
        <translation>„%1“ wird gestoppt …</translation>
    </message>
    <message>
        <source>Stop “%1”…</source>
        <translation>„%1“ stoppen …</translation>
    </message>
    <message numerus="yes">
        <source>Show all… (%n more)</source>
        <translation>
            <numerusform>Alle zeigen … (%n weiterer)</numerusform>
            <numerusform>Alle zeigen … (%n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop container</source>
        <translation>Container stoppen</translation>
    </message>
    <message>
        <source>Stop the container “%1”? Its processes are asked to exit and killed after 10 seconds.</source>
        <translation>Container „%1“ stoppen? Seine Prozesse werden gebeten, sich zu beenden, und nach 10 Sekunden abgewürgt.</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stoppen</translation>
    </message>
</context>
<context>
    <name>UserCredentials</name>
    <message>
        <source>cannot read “%1”: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>no place for credentials: set XDG_RUNTIME_DIR, HOME or REGISTRY_AUTH_FILE</source>
        <translation>kein Ort für Anmeldedaten: Setzen Sie XDG_RUNTIME_DIR, HOME oder REGISTRY_AUTH_FILE</translation>
    </message>
    <message>
        <source>cannot create “%1”</source>
        <translation>„%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot write “%1”: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>glassbox::details::ChangeModel</name>
    <message>
        <source>%1 added, %2 changed, %3 deleted; %4 copied up from lower layers</source>
        <translation>%1 hinzugefügt, %2 geändert, %3 gelöscht; %4 aus unteren Schichten hochkopiert</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Deleted (a whiteout hides the image&apos;s file)</source>
        <translation>Gelöscht (ein Whiteout verdeckt die Datei des Images)</translation>
    </message>
    <message>
        <source>copied up</source>
        <translation>hochkopiert</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Copy-up</source>
        <translation>Hochkopiert</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>The list is incomplete: more changes than one reply holds</source>
        <translation>Die Liste ist unvollständig: mehr Änderungen, als eine Antwort fasst</translation>
    </message>
    <message>
        <source>The size of the image&apos;s file that was copied up; what the container wrote to its copy since is not counted</source>
        <translation>Die Größe der hochkopierten Datei des Images; was der Container seitdem in seine Kopie geschrieben hat, zählt nicht mit</translation>
    </message>
    <message>
        <source>The size of the file in the writable layer</source>
        <translation>Die Größe der Datei in der beschreibbaren Schicht</translation>
    </message>
</context>
<context>
    <name>glassbox::details::DBusDetailsSource</name>
    <message>
        <source>read the container&apos;s statistics</source>
        <translation>Statistiken des Containers lesen</translation>
    </message>
    <message>
        <source>read the container&apos;s namespaces</source>
        <translation>Namespaces des Containers lesen</translation>
    </message>
    <message>
        <source>read the container&apos;s security report</source>
        <translation>Sicherheitsbericht des Containers lesen</translation>
    </message>
    <message>
        <source>read the container&apos;s layers</source>
        <translation>Schichten des Containers lesen</translation>
    </message>
    <message>
        <source>read the container&apos;s changes</source>
        <translation>Änderungen des Containers lesen</translation>
    </message>
    <message>
        <source>read the container&apos;s processes</source>
        <translation>Prozesse des Containers lesen</translation>
    </message>
    <message>
        <source>read the container&apos;s resource pressure</source>
        <translation>Ressourcendruck des Containers lesen</translation>
    </message>
    <message>
        <source>read the container&apos;s log</source>
        <translation>Log des Containers lesen</translation>
    </message>
    <message>
        <source>inspect the container</source>
        <translation>Container untersuchen</translation>
    </message>
    <message>
        <source>read the container&apos;s properties</source>
        <translation>Eigenschaften des Containers lesen</translation>
    </message>
    <message>
        <source>measure the image&apos;s efficiency</source>
        <translation>Effizienz des Images messen</translation>
    </message>
    <message>
        <source>read the container&apos;s network</source>
        <translation>Netzwerk des Containers lesen</translation>
    </message>
</context>
<context>
    <name>glassbox::details::DetailsTab</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>glassbox::details::InspectTab</name>
    <message>
        <source>Inspect JSON</source>
        <translation>Inspect-JSON</translation>
    </message>
    <message>
        <source>Copy JSON</source>
        <translation>JSON kopieren</translation>
    </message>
    <message>
        <source>Copy the JSON</source>
        <translation>Das JSON kopieren</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Refresh the JSON</source>
        <translation>Das JSON aktualisieren</translation>
    </message>
</context>
<context>
    <name>glassbox::details::LayerModel</name>
    <message>
        <source>Digest %1
Diff ID %2</source>
        <translation>Digest %1
Diff-ID %2</translation>
    </message>
    <message>
        <source>writable</source>
        <translation>beschreibbar</translation>
    </message>
    <message>
        <source>%1 (base)</source>
        <translation>%1 (Basis)</translation>
    </message>
    <message>
        <source>container layer</source>
        <translation>Containerschicht</translation>
    </message>
    <message>
        <source>%1 (+%2 opaque)</source>
        <translation>%1 (+%2 opak)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Whiteouts</source>
        <translation>Whiteouts</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>Erstellt durch</translation>
    </message>
</context>
<context>
    <name>glassbox::details::LayersTab</name>
    <message>
        <source>Layers, top of the stack first</source>
        <translation>Schichten, oberste zuerst</translation>
    </message>
    <message>
        <source>Changes against the image</source>
        <translation>Änderungen gegenüber dem Image</translation>
    </message>
    <message>
        <source>Layer stack (top of the overlay first)</source>
        <translation>Schichtenstapel (oberste Overlay-Schicht zuerst)</translation>
    </message>
    <message>
        <source>Image efficiency</source>
        <translation>Effizienz des Images</translation>
    </message>
    <message>
        <source>Overlay paths on the host</source>
        <translation>Overlay-Pfade auf dem Host</translation>
    </message>
    <message>
        <source>Merged (the container&apos;s /):</source>
        <translation>Merged (das / des Containers):</translation>
    </message>
    <message>
        <source>Upper (writable):</source>
        <translation>Upper (beschreibbar):</translation>
    </message>
    <message>
        <source>Work:</source>
        <translation>Work:</translation>
    </message>
    <message>
        <source>Lower (image layers):</source>
        <translation>Lower (Schichten des Images):</translation>
    </message>
    <message>
        <source>Changes against the image (docker diff)</source>
        <translation>Änderungen gegenüber dem Image (docker diff)</translation>
    </message>
    <message>
        <source>Change summary</source>
        <translation>Zusammenfassung der Änderungen</translation>
    </message>
    <message>
        <source>The diff is not available: %1</source>
        <translation>Der Diff ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Image efficiency is not available.</source>
        <translation>Die Effizienz des Images ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Image efficiency %1 %, %2 wasted (files stored in one layer and replaced or deleted by a later one).</source>
        <translation>Effizienz des Images %1 %, %2 verschwendet (Dateien, die eine Schicht speichert und eine spätere ersetzt oder löscht).</translation>
    </message>
    <message>
        <source>Image efficiency is not available: %1</source>
        <translation>Die Effizienz des Images ist nicht verfügbar: %1</translation>
    </message>
</context>
<context>
    <name>glassbox::details::LogsTab</name>
    <message>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Container output</source>
        <translation>Ausgabe des Containers</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Zeiten</translation>
    </message>
    <message>
        <source>Standard output, and standard error in red, interleaved as they were written.</source>
        <translation>Standardausgabe, und Standardfehler in Rot, in der Reihenfolge des Schreibens.</translation>
    </message>
    <message>
        <source>Both streams</source>
        <translation>Beide Kanäle</translation>
    </message>
    <message>
        <source>Standard output</source>
        <translation>Standardausgabe</translation>
    </message>
    <message>
        <source>Standard error</source>
        <translation>Standardfehler</translation>
    </message>
    <message>
        <source>Streams to show</source>
        <translation>Angezeigte Kanäle</translation>
    </message>
    <message>
        <source>Show the time of each line</source>
        <translation>Die Zeit jeder Zeile zeigen</translation>
    </message>
    <message>
        <source>When each line was written, in local time</source>
        <translation>Wann jede Zeile geschrieben wurde, in Ortszeit</translation>
    </message>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>Suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search the output</source>
        <translation>Die Ausgabe durchsuchen</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Vorheriger Treffer</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Vorheriger Treffer (Umschalt+F3)</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Nächster Treffer</translation>
    </message>
    <message>
        <source>Next match (F3, Enter)</source>
        <translation>Nächster Treffer (F3, Eingabe)</translation>
    </message>
    <message>
        <source>Follow new output</source>
        <translation>Neuer Ausgabe folgen</translation>
    </message>
    <message>
        <source>Copy the output</source>
        <translation>Die Ausgabe kopieren</translation>
    </message>
    <message>
        <source>Copies the selection, or everything when nothing is selected.</source>
        <translation>Kopiert die Auswahl, oder alles, wenn nichts ausgewählt ist.</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>Treffer</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glassbox::details::NamespaceModel</name>
    <message>
        <source>Sees and can change the host&apos;s mounts and files.</source>
        <translation>Sieht die Mounts und Dateien des Hosts und kann sie ändern.</translation>
    </message>
    <message>
        <source>Shares the host&apos;s hostname; changing it changes the host&apos;s.</source>
        <translation>Teilt den Hostnamen des Hosts; ihn zu ändern ändert den des Hosts.</translation>
    </message>
    <message>
        <source>Can use the host&apos;s shared memory, semaphores and message queues.</source>
        <translation>Kann Shared Memory, Semaphoren und Nachrichtenwarteschlangen des Hosts nutzen.</translation>
    </message>
    <message>
        <source>Sees every host process and can signal those its user may.</source>
        <translation>Sieht jeden Prozess des Hosts und kann denen Signale senden, die sein Benutzer darf.</translation>
    </message>
    <message>
        <source>Uses the host&apos;s network interfaces, ports and firewall directly.</source>
        <translation>Nutzt Netzwerkschnittstellen, Ports und Firewall des Hosts direkt.</translation>
    </message>
    <message>
        <source>Root inside the container is root on the host.</source>
        <translation>root im Container ist root auf dem Host.</translation>
    </message>
    <message>
        <source>Sees the host&apos;s whole cgroup tree instead of only its own.</source>
        <translation>Sieht den ganzen cgroup-Baum des Hosts statt nur den eigenen.</translation>
    </message>
    <message>
        <source>Uses the host&apos;s monotonic and boot clocks (usual for containers).</source>
        <translation>Nutzt die Monotonic- und Boot-Uhren des Hosts (üblich für Container).</translation>
    </message>
    <message>
        <source>Shares this namespace with the host.</source>
        <translation>Teilt diesen Namespace mit dem Host.</translation>
    </message>
    <message>
        <source>shared with the host</source>
        <translation>mit dem Host geteilt</translation>
    </message>
    <message>
        <source>own</source>
        <translation>eigener</translation>
    </message>
    <message>
        <source>Isolated from the host.</source>
        <translation>Vom Host getrennt.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Container inode</source>
        <translation>Inode im Container</translation>
    </message>
    <message>
        <source>Host inode</source>
        <translation>Inode des Hosts</translation>
    </message>
    <message>
        <source>Shared</source>
        <translation>Geteilt</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>Was das bedeutet</translation>
    </message>
</context>
<context>
    <name>glassbox::details::NamespacesTab</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Namespaces</source>
        <translation>Namespaces</translation>
    </message>
    <message>
        <source>Namespace summary</source>
        <translation>Zusammenfassung der Namespaces</translation>
    </message>
    <message>
        <source>Refresh namespaces</source>
        <translation>Namespaces aktualisieren</translation>
    </message>
    <message>
        <source>The container has no process, so it has no namespaces to show. Start it to see them.</source>
        <translation>Der Container hat keinen Prozess, also keine Namespaces zum Zeigen. Starten Sie ihn, um sie zu sehen.</translation>
    </message>
    <message>
        <source>Every namespace is the container&apos;s own: nothing is shared with the host.</source>
        <translation>Jeder Namespace gehört dem Container allein: nichts wird mit dem Host geteilt.</translation>
    </message>
    <message>
        <source>Shared with the host: %1 (highlighted).</source>
        <translation>Mit dem Host geteilt: %1 (hervorgehoben).</translation>
    </message>
</context>
<context>
    <name>glassbox::details::NetworkTab</name>
    <message>
        <source>Interface</source>
        <translation>Schnittstelle</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Adressen</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC-Adresse</translation>
    </message>
    <message>
        <source>MTU</source>
        <translation>MTU</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Interfaces inside the container</source>
        <translation>Schnittstellen im Container</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>Routes inside the container</source>
        <translation>Routen im Container</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Forwarding rule</source>
        <translation>Weiterleitungsregel</translation>
    </message>
    <message>
        <source>Published ports</source>
        <translation>Veröffentlichte Ports</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>The wall: the container&apos;s network namespace</source>
        <translation>Die Wand: der Netzwerk-Namespace des Containers</translation>
    </message>
    <message>
        <source>Namespace:</source>
        <translation>Namespace:</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>Netzwerk:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>IPv6 address:</source>
        <translation>IPv6-Adresse:</translation>
    </message>
    <message>
        <source>Through the wall:</source>
        <translation>Durch die Wand:</translation>
    </message>
    <message>
        <source>DNS servers:</source>
        <translation>DNS-Server:</translation>
    </message>
    <message>
        <source>Traffic now:</source>
        <translation>Datenverkehr jetzt:</translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation>KiB/s</translation>
    </message>
    <message>
        <source>Network traffic chart</source>
        <translation>Diagramm des Netzwerkverkehrs</translation>
    </message>
    <message>
        <source>Bytes per second received and sent by the container&apos;s interfaces (loopback left out), from samples a second apart.</source>
        <translation>Bytes pro Sekunde, die die Schnittstellen des Containers empfangen und senden (ohne Loopback), aus Messungen im Abstand einer Sekunde.</translation>
    </message>
    <message>
        <source>Interfaces inside</source>
        <translation>Schnittstellen innen</translation>
    </message>
    <message>
        <source>Routes inside</source>
        <translation>Routen innen</translation>
    </message>
    <message>
        <source>Two processes are in one network namespace when these inode numbers are equal (readlink /proc/PID/ns/net). The container&apos;s differs from the host&apos;s: it has interfaces, addresses, routes and ports of its own.</source>
        <translation>Zwei Prozesse sind in einem Netzwerk-Namespace, wenn diese Inode-Nummern gleich sind (readlink /proc/PID/ns/net). Die des Containers unterscheidet sich von der des Hosts: Er hat eigene Schnittstellen, Adressen, Routen und Ports.</translation>
    </message>
    <message>
        <source>A veth pair is a cable with one end in each namespace: the container&apos;s interface inside, its peer on the host, plugged into the network&apos;s bridge. Everything the container sends or receives crosses it.</source>
        <translation>Ein veth-Paar ist ein Kabel mit einem Ende in jedem Namespace: innen die Schnittstelle des Containers, ihr Gegenstück auf dem Host, eingesteckt in die Bridge des Netzwerks. Alles, was der Container sendet oder empfängt, geht hindurch.</translation>
    </message>
    <message>
        <source>Not running: a stopped container has no network namespace, so there is nothing to show. Start it to see its interfaces, addresses and ports.</source>
        <translation>Läuft nicht: Ein gestoppter Container hat keinen Netzwerk-Namespace, also gibt es nichts zu zeigen. Starten Sie ihn, um seine Schnittstellen, Adressen und Ports zu sehen.</translation>
    </message>
    <message>
        <source>This container has no network: its namespace holds only the loopback interface lo. Nothing outside can reach it, and it reaches nothing.</source>
        <translation>Dieser Container hat kein Netzwerk: Sein Namespace enthält nur die Loopback-Schnittstelle lo. Nichts von außen erreicht ihn, und er erreicht nichts.</translation>
    </message>
    <message>
        <source>This container uses the host&apos;s network: it sees the host&apos;s interfaces, addresses and ports, and there is no wall between them to show.</source>
        <translation>Dieser Container nutzt das Netzwerk des Hosts: Er sieht die Schnittstellen, Adressen und Ports des Hosts, und es gibt keine Wand dazwischen zu zeigen.</translation>
    </message>
    <message>
        <source>%1, the host&apos;s own</source>
        <translation>%1, der des Hosts</translation>
    </message>
    <message>
        <source>%1 (the host&apos;s: %2)</source>
        <translation>%1 (der des Hosts: %2)</translation>
    </message>
    <message>
        <source>Bind-mounted at %1</source>
        <translation>Per Bind-Mount unter %1</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>internal: no way out</source>
        <translation>intern: kein Weg nach außen</translation>
    </message>
    <message>
        <source>NAT to the outside</source>
        <translation>NAT nach außen</translation>
    </message>
    <message>
        <source>DNS by container name</source>
        <translation>DNS über Containernamen</translation>
    </message>
    <message>
        <source>%1: subnet %2, %3</source>
        <translation>%1: Subnetz %2, %3</translation>
    </message>
    <message>
        <source>%1: subnets %2 and %3, %4</source>
        <translation>%1: Subnetze %2 und %3, %4</translation>
    </message>
    <message>
        <source>%1 on %2, gateway %3</source>
        <translation>%1 auf %2, Gateway %3</translation>
    </message>
    <message>
        <source>MAC address %1</source>
        <translation>MAC-Adresse %1</translation>
    </message>
    <message>
        <source>%1 inside ↔ %2 on the host, on the bridge %3</source>
        <translation>%1 innen ↔ %2 auf dem Host, an der Bridge %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>up</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>down</source>
        <translation>inaktiv</translation>
    </message>
    <message>
        <source>default (%1)</source>
        <translation>Standard (%1)</translation>
    </message>
    <message>
        <source>none: on the link</source>
        <translation>keines: direkt erreichbar</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>nicht gemeldet</translation>
    </message>
    <message>
        <source>Published ports (none)</source>
        <translation>Veröffentlichte Ports (keine)</translation>
    </message>
    <message>
        <source>Published ports (%1)</source>
        <translation>Veröffentlichte Ports (%1)</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>wird gemessen…</translation>
    </message>
    <message>
        <source>bytes/s</source>
        <translation>Bytes/s</translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation>MiB/s</translation>
    </message>
    <message>
        <source>%1 received, %2 sent</source>
        <translation>%1 empfangen, %2 gesendet</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Refresh the network</source>
        <translation>Das Netzwerk aktualisieren</translation>
    </message>
    <message>
        <source>not known: %1</source>
        <translation>nicht bekannt: %1</translation>
    </message>
</context>
<context>
    <name>glassbox::details::ProcessModel</name>
    <message>
        <source>The same process as the host&apos;s ps and top show it</source>
        <translation>Derselbe Prozess, wie ps und top des Hosts ihn zeigen</translation>
    </message>
    <message>
        <source>PID in container</source>
        <translation>PID im Container</translation>
    </message>
    <message>
        <source>PID on host</source>
        <translation>PID auf dem Host</translation>
    </message>
    <message>
        <source>User (host)</source>
        <translation>Benutzer (Host)</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
</context>
<context>
    <name>glassbox::details::ProcessesTab</name>
    <message>
        <source>Processes in the container</source>
        <translation>Prozesse im Container</translation>
    </message>
    <message>
        <source>Process count</source>
        <translation>Anzahl der Prozesse</translation>
    </message>
    <message>
        <source>No processes: the container is not running.</source>
        <translation>Keine Prozesse: der Container läuft nicht.</translation>
    </message>
    <message numerus="yes">
        <source>%n process(es)</source>
        <translation>
            <numerusform>%n Prozess</numerusform>
            <numerusform>%n Prozesse</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glassbox::details::ResourcesTab</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory limit</source>
        <translation>Speicherlimit</translation>
    </message>
    <message>
        <source>% of one core</source>
        <translation>% eines Kerns</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>CPU usage (100 % = one core fully busy)</source>
        <translation>CPU-Auslastung (100 % = ein voll ausgelasteter Kern)</translation>
    </message>
    <message>
        <source>CPU usage chart</source>
        <translation>Diagramm der CPU-Auslastung</translation>
    </message>
    <message>
        <source>Memory usage</source>
        <translation>Speicherbelegung</translation>
    </message>
    <message>
        <source>Memory usage chart</source>
        <translation>Diagramm der Speicherbelegung</translation>
    </message>
    <message>
        <source>Resource summary</source>
        <translation>Zusammenfassung der Ressourcen</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>Pressure stall information</source>
        <translation>Pressure Stall Information (PSI)</translation>
    </message>
    <message>
        <source>The container is not running: nothing to sample.</source>
        <translation>Der Container läuft nicht: nichts zu messen.</translation>
    </message>
    <message>
        <source>Memory limit (%1)</source>
        <translation>Speicherlimit (%1)</translation>
    </message>
    <message>
        <source>Memory limit (none)</source>
        <translation>Speicherlimit (keines)</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Current CPU usage %1</source>
        <translation>Aktuelle CPU-Auslastung %1</translation>
    </message>
    <message>
        <source>Current memory usage %1</source>
        <translation>Aktuelle Speicherbelegung %1</translation>
    </message>
    <message>
        <source>Processes: %1 of at most %2; OOM kills: %3</source>
        <translation>Prozesse: %1 von höchstens %2; OOM-Kills: %3</translation>
    </message>
    <message>
        <source>Processes: %1 (no limit); OOM kills: %2</source>
        <translation>Prozesse: %1 (kein Limit); OOM-Kills: %2</translation>
    </message>
    <message>
        <source>Pressure stall information: the share of time in which some of the container&apos;s tasks (or all of them) waited for CPU, memory or I/O.</source>
        <translation>Pressure Stall Information: der Anteil der Zeit, in dem einige der Prozesse des Containers (oder alle) auf CPU, Speicher oder E/A gewartet haben.</translation>
    </message>
    <message>
        <source>Pressure stall information: not available (%1)</source>
        <translation>Pressure Stall Information: nicht verfügbar (%1)</translation>
    </message>
    <message>
        <source>Pressure stall information: measuring…</source>
        <translation>Pressure Stall Information: wird gemessen…</translation>
    </message>
    <message>
        <source>Stalled waiting (some tasks / all tasks): CPU %1 / %2 · memory %3 / %4 · I/O %5 / %6</source>
        <translation>Wartend blockiert (einige Prozesse / alle Prozesse): CPU %1 / %2 · Speicher %3 / %4 · E/A %5 / %6</translation>
    </message>
    <message>
        <source>Memory in use (without inactive file cache)</source>
        <translation>Belegter Speicher (ohne inaktiven Datei-Cache)</translation>
    </message>
    <message>
        <source>Sample age</source>
        <translation>Alter der Messung</translation>
    </message>
    <message>
        <source>Processes: what the Processes tab lists. The kernel&apos;s task count (pids.current), which the process limit applies to, also counts threads and exited processes their parent has not reaped yet.</source>
        <translation>Prozesse: was der Reiter Prozesse auflistet. Die Task-Zahl des Kernels (pids.current), für die das Prozesslimit gilt, zählt auch Threads und beendete Prozesse, die ihr Elternprozess noch nicht abgeholt hat.</translation>
    </message>
    <message>
        <source>Memory in use is what docker stats and podman stats show: the cgroup&apos;s memory less its inactive file cache (memory.stat inactive_file), page cache of files the container read or wrote that the kernel drops first when memory runs short. The cache is shown next to it.</source>
        <translation>Belegter Speicher ist, was docker stats und podman stats zeigen: der Speicher der cgroup ohne ihren inaktiven Datei-Cache (memory.stat inactive_file), den Seiten-Cache der Dateien, die der Container gelesen oder geschrieben hat und die der Kernel bei Speichermangel zuerst freigibt. Der Cache steht daneben.</translation>
    </message>
    <message>
        <source>Last sample %1 s ago — the helper is not answering</source>
        <translation>Letzte Messung vor %1 s – der Helfer antwortet nicht</translation>
    </message>
    <message>
        <source>Last sample %1 s ago — the helper could not give a new one</source>
        <translation>Letzte Messung vor %1 s – der Helfer konnte keine neue liefern</translation>
    </message>
    <message>
        <source>Last sample %1 s ago</source>
        <translation>Letzte Messung vor %1 s</translation>
    </message>
    <message>
        <source>CPU %1 of one core, memory %2 in use (file cache %3 besides)</source>
        <translation>CPU %1 eines Kerns, Speicher %2 belegt (dazu Datei-Cache %3)</translation>
    </message>
    <message>
        <source>Tasks (threads and unreaped exited processes included): %1 of at most %2; OOM kills: %3</source>
        <translation>Tasks (einschließlich Threads und nicht abgeholter beendeter Prozesse): %1 von höchstens %2; OOM-Kills: %3</translation>
    </message>
    <message>
        <source>Tasks (threads and unreaped exited processes included): %1; OOM kills: %2</source>
        <translation>Tasks (einschließlich Threads und nicht abgeholter beendeter Prozesse): %1; OOM-Kills: %2</translation>
    </message>
    <message>
        <source>Processes: %1; tasks counted against the limit: %2 of at most %3 (threads and exited processes not yet reaped count too); OOM kills: %4</source>
        <translation>Prozesse: %1; auf das Limit angerechnete Tasks: %2 von höchstens %3 (Threads und noch nicht abgeholte beendete Prozesse zählen mit); OOM-Kills: %4</translation>
    </message>
    <message>
        <source>Processes: %1; tasks: %2 (threads and exited processes not yet reaped count too); OOM kills: %3</source>
        <translation>Prozesse: %1; Tasks: %2 (Threads und noch nicht abgeholte beendete Prozesse zählen mit); OOM-Kills: %3</translation>
    </message>
    <message>
        <source>Network traffic</source>
        <translation>Netzwerkverkehr</translation>
    </message>
    <message>
        <source>Bytes per second received and sent by the interfaces of the container&apos;s network namespace (loopback left out), from two samples. The Network tab charts them.</source>
        <translation>Bytes pro Sekunde, die die Schnittstellen im Netzwerk-Namespace des Containers empfangen und senden (ohne Loopback), aus zwei Messungen. Der Reiter Netzwerk zeigt sie als Diagramm.</translation>
    </message>
    <message>
        <source>Network: none (loopback only)</source>
        <translation>Netzwerk: keines (nur Loopback)</translation>
    </message>
    <message>
        <source>Network: the host&apos;s (not counted per container)</source>
        <translation>Netzwerk: das des Hosts (nicht je Container gezählt)</translation>
    </message>
    <message>
        <source>Network: measuring…</source>
        <translation>Netzwerk: wird gemessen…</translation>
    </message>
    <message>
        <source>Network: %1 received, %2 sent</source>
        <translation>Netzwerk: %1 empfangen, %2 gesendet</translation>
    </message>
</context>
<context>
    <name>glassbox::details::SecurityTab</name>
    <message>
        <source>Security warnings</source>
        <translation>Sicherheitswarnungen</translation>
    </message>
    <message>
        <source>Masked paths</source>
        <translation>Maskierte Pfade</translation>
    </message>
</context>
<context>
    <name>glassbox::details::StatsHistory</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>CPU (100 % = one core)</source>
        <translation>CPU (100 % = ein Kern)</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Memory limit</source>
        <translation>Speicherlimit</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Runs and shows containers through glassbox-helper.</source>
        <translation>Führt Container über glassbox-helper aus und zeigt sie.</translation>
    </message>
    <message>
        <source>Start hidden in the tray.</source>
        <translation>Versteckt im Systemabschnitt der Kontrollleiste starten.</translation>
    </message>
    <message>
        <source>Talk to the helper on this bus instead of the system bus.</source>
        <translation>Mit dem Helfer auf diesem Bus statt auf dem Systembus sprechen.</translation>
    </message>
    <message>
        <source>Glassbox</source>
        <translation>Glassbox</translation>
    </message>
    <message>
        <source>Select this container (name or id) and show its details.</source>
        <translation>Diesen Container (Name oder ID) auswählen und seine Details zeigen.</translation>
    </message>
    <message>
        <source>With --show, the details tab to open: %1.</source>
        <translation>Mit --show der zu öffnende Detailreiter: %1.</translation>
    </message>
    <message>
        <source>Unknown tab “%1”; one of: %2.</source>
        <translation>Unbekannter Reiter „%1“; möglich sind: %2.</translation>
    </message>
</context>
</TS>
