<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <source>qrsync desktop app</source>
        <translation>qrsync-Desktop-Anwendung</translation>
    </message>
    <message>
        <source>Render a screen to a PNG file and exit.</source>
        <translation>Eine Ansicht als PNG-Datei speichern und beenden.</translation>
    </message>
    <message>
        <source>path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>The screen --screenshot renders: %1.</source>
        <translation>Die Ansicht, die --screenshot speichert: %1.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::FilterEditor</name>
    <message>
        <source>Rules are checked from the top; the first rule that matches a path decides. &lt;tt&gt;- *.tmp&lt;/tt&gt; excludes, &lt;tt&gt;+ docs/&lt;/tt&gt; includes; a leading &lt;tt&gt;/&lt;/tt&gt; anchors at the source folder, a trailing &lt;tt&gt;/&lt;/tt&gt; matches folders only.</source>
        <translation>Regeln werden von oben geprüft; die erste passende Regel entscheidet. &lt;tt&gt;- *.tmp&lt;/tt&gt; schließt aus, &lt;tt&gt;+ docs/&lt;/tt&gt; schließt ein; ein führendes &lt;tt&gt;/&lt;/tt&gt; verankert am Quellordner, ein abschließendes &lt;tt&gt;/&lt;/tt&gt; passt nur auf Ordner.</translation>
    </message>
    <message>
        <source>Filter rules</source>
        <translation>Filterregeln</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>Rule type</source>
        <translation>Regeltyp</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>Ausschließen</translation>
    </message>
    <message>
        <source>Include</source>
        <translation>Einschließen</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>Muster</translation>
    </message>
    <message>
        <source>Pattern, e.g. *.tmp or /cache/</source>
        <translation>Muster, z. B. *.tmp oder /cache/</translation>
    </message>
    <message>
        <source>&amp;Add rule</source>
        <translation>Regel &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>Regel hinzufügen</translation>
    </message>
    <message>
        <source>Test a path</source>
        <translation>Einen Pfad testen</translation>
    </message>
    <message>
        <source>Path to test</source>
        <translation>Zu testender Pfad</translation>
    </message>
    <message>
        <source>Path inside the source, e.g. photos/2024/a.jpg</source>
        <translation>Pfad in der Quelle, z. B. fotos/2024/a.jpg</translation>
    </message>
    <message>
        <source>It is a &amp;folder</source>
        <translation>Es ist ein &amp;Ordner</translation>
    </message>
    <message>
        <source>The tested path is a folder</source>
        <translation>Der getestete Pfad ist ein Ordner</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>Testergebnis</translation>
    </message>
    <message>
        <source>&lt;b&gt;Rule %1 is not valid:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Regel %1 ist ungültig:&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>Type a path to see which rule decides it.</source>
        <translation>Geben Sie einen Pfad ein, um zu sehen, welche Regel entscheidet.</translation>
    </message>
    <message>
        <source>&lt;b style='color:#1a7f37'&gt;Included&lt;/b&gt;</source>
        <translation>&lt;b style='color:#1a7f37'&gt;Eingeschlossen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b style='color:#b3261e'&gt;Excluded&lt;/b&gt;</source>
        <translation>&lt;b style='color:#b3261e'&gt;Ausgeschlossen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1: no rule matches, so it is copied.</source>
        <translation>%1: Keine Regel passt, daher wird er kopiert.</translation>
    </message>
    <message>
        <source>%1 by rule %2, &lt;tt&gt;%3&lt;/tt&gt;, matching &lt;tt&gt;%4&lt;/tt&gt;.</source>
        <translation>%1 durch Regel %2, &lt;tt&gt;%3&lt;/tt&gt;, passend auf &lt;tt&gt;%4&lt;/tt&gt;.</translation>
    </message>
    <message>
        <source>&amp;Pick…</source>
        <translation>&amp;Auswählen …</translation>
    </message>
    <message>
        <source>Pick a file or folder to test</source>
        <translation>Zu testende Datei oder Ordner auswählen</translation>
    </message>
    <message>
        <source>That is not inside the source folder %1.</source>
        <translation>Das liegt nicht im Quellordner %1.</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::Formatting</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Metadata only</source>
        <translation>Nur Metadaten</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>modification time</source>
        <translation>Änderungszeit</translation>
    </message>
    <message>
        <source>permissions</source>
        <translation>Berechtigungen</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <source>group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>access time</source>
        <translation>Zugriffszeit</translation>
    </message>
    <message>
        <source>ACL</source>
        <translation>ACL</translation>
    </message>
    <message>
        <source>extended attributes</source>
        <translation>erweiterte Attribute</translation>
    </message>
    <message>
        <source>creation time</source>
        <translation>Erstellungszeit</translation>
    </message>
    <message>
        <source>new folder</source>
        <translation>neuer Ordner</translation>
    </message>
    <message>
        <source>new file</source>
        <translation>neue Datei</translation>
    </message>
    <message>
        <source>folder removed</source>
        <translation>Ordner entfernt</translation>
    </message>
    <message>
        <source>file removed</source>
        <translation>Datei entfernt</translation>
    </message>
    <message>
        <source>&lt;tt&gt;%1&lt;/tt&gt; (rsync --itemize-changes)&lt;br&gt;columns: update type, file type, &lt;b&gt;c&lt;/b&gt;ontent, &lt;b&gt;s&lt;/b&gt;ize, &lt;b&gt;t&lt;/b&gt;ime, &lt;b&gt;p&lt;/b&gt;ermissions, &lt;b&gt;o&lt;/b&gt;wner, &lt;b&gt;g&lt;/b&gt;roup, &lt;b&gt;u&lt;/b&gt;se time, &lt;b&gt;a&lt;/b&gt;CL, e&lt;b&gt;x&lt;/b&gt;tended attributes; '+' new, '.' unchanged</source>
        <translation>&lt;tt&gt;%1&lt;/tt&gt; (rsync --itemize-changes)&lt;br&gt;Spalten: Art der Änderung, Dateityp, &lt;b&gt;c&lt;/b&gt; Inhalt, &lt;b&gt;s&lt;/b&gt; Größe, &lt;b&gt;t&lt;/b&gt; Zeit, &lt;b&gt;p&lt;/b&gt; Berechtigungen, &lt;b&gt;o&lt;/b&gt; Eigentümer, &lt;b&gt;g&lt;/b&gt; Gruppe, &lt;b&gt;u&lt;/b&gt; Zugriffszeit, &lt;b&gt;a&lt;/b&gt; ACL, &lt;b&gt;x&lt;/b&gt; erweiterte Attribute; „+“ neu, „.“ unverändert</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Partly done (code %1)</source>
        <translation>Teilweise erledigt (Code %1)</translation>
    </message>
    <message>
        <source>Failed (code %1: %2)</source>
        <translation>Fehlgeschlagen (Code %1: %2)</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::HistoryDialog</name>
    <message>
        <source>History of “%1”</source>
        <translation>Verlauf von „%1“</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Run summary</source>
        <translation>Zusammenfassung des Laufs</translation>
    </message>
    <message>
        <source>Messages of the run</source>
        <translation>Meldungen des Laufs</translation>
    </message>
    <message>
        <source>This profile has not run yet.</source>
        <translation>Dieses Profil ist noch nicht gelaufen.</translation>
    </message>
    <message>
        <source>%1 run from %2 to %3: %4. %5 files, %6 sent, %7 deleted.</source>
        <translation>%1-Lauf von %2 bis %3: %4. %5 Dateien, %6 gesendet, %7 gelöscht.</translation>
    </message>
    <message>
        <source>Headless</source>
        <translation>Kommandozeilen</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <source>Only the first %1 of %2 changes were kept.</source>
        <translation>Nur die ersten %1 von %2 Änderungen wurden aufbewahrt.</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::ItemTableModel</name>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Was sich ändert</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::ItemTableView</name>
    <message>
        <source>Search paths</source>
        <translation>Pfade durchsuchen</translation>
    </message>
    <message>
        <source>Search paths…</source>
        <translation>Pfade durchsuchen …</translation>
    </message>
    <message>
        <source>Show actions</source>
        <translation>Aktionen anzeigen</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Alle Aktionen</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::MainWindow</name>
    <message>
        <source>qrsync</source>
        <translation>qrsync</translation>
    </message>
    <message>
        <source>Some profiles could not be read: %1</source>
        <translation>Einige Profile konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>&amp;New profile…</source>
        <translation>&amp;Neues Profil …</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplizieren</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen …</translation>
    </message>
    <message>
        <source>&amp;Preview…</source>
        <translation>&amp;Vorschau …</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>&amp;Verlauf …</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;Import profile…</source>
        <translation>Profil &amp;importieren …</translation>
    </message>
    <message>
        <source>Import profile</source>
        <translation>Profil importieren</translation>
    </message>
    <message>
        <source>qrsync profiles (*.json)</source>
        <translation>qrsync-Profile (*.json)</translation>
    </message>
    <message>
        <source>E&amp;xport profile…</source>
        <translation>Profil e&amp;xportieren …</translation>
    </message>
    <message>
        <source>Export profile</source>
        <translation>Profil exportieren</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Profile</source>
        <translation>&amp;Profil</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About qrsync</source>
        <translation>Ü&amp;ber qrsync</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No sync profiles yet&lt;/h3&gt;&lt;p&gt;A profile remembers folders to copy, where to, and how; run it again with one click.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Sync-Profile&lt;/h3&gt;&lt;p&gt;Ein Profil merkt sich, welche Ordner wohin und wie kopiert werden; mit einem Klick läuft es erneut.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Create a profile…</source>
        <translation>Profil &amp;anlegen …</translation>
    </message>
    <message>
        <source>Create a profile</source>
        <translation>Profil anlegen</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <source>Equivalent command</source>
        <translation>Entsprechender Befehl</translation>
    </message>
    <message>
        <source>The qrsync command that runs the selected profile</source>
        <translation>Der qrsync-Befehl, der das gewählte Profil ausführt</translation>
    </message>
    <message>
        <source>&amp;Copy command</source>
        <translation>Befehl &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>Befehl kopieren</translation>
    </message>
    <message>
        <source>Run “%1”</source>
        <translation>„%1“ ausführen</translation>
    </message>
    <message>
        <source>Show qrsync</source>
        <translation>qrsync anzeigen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Neues Profil</translation>
    </message>
    <message>
        <source>Duplicate profile</source>
        <translation>Profil duplizieren</translation>
    </message>
    <message>
        <source>Created “%1”.</source>
        <translation>„%1“ angelegt.</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>Profil löschen</translation>
    </message>
    <message>
        <source>Delete the profile “%1” and its history? The files it copied are not touched.</source>
        <translation>Das Profil „%1“ und seinen Verlauf löschen? Die kopierten Dateien bleiben unberührt.</translation>
    </message>
    <message>
        <source>Imported “%1”.</source>
        <translation>„%1“ importiert.</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Command copied to the clipboard.</source>
        <translation>Befehl in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>About qrsync</source>
        <translation>Über qrsync</translation>
    </message>
    <message>
        <source>&lt;h3&gt;qrsync %1&lt;/h3&gt;&lt;p&gt;A Qt desktop sync application whose engine speaks the rsync protocol (versions 30 to 32). The same engine ships as the &lt;tt&gt;qrsync&lt;/tt&gt; command, compatible with rsync.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;qrsync %1&lt;/h3&gt;&lt;p&gt;Eine Qt-Desktop-Anwendung zum Synchronisieren, deren Kern das rsync-Protokoll spricht (Versionen 30 bis 32). Derselbe Kern steht als rsync-kompatibler Befehl &lt;tt&gt;qrsync&lt;/tt&gt; bereit.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Could not write the run's history.</source>
        <translation>Der Verlauf des Laufs konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>qrsync: a run is in progress</source>
        <translation>qrsync: Ein Lauf ist im Gange</translation>
    </message>
    <message>
        <source>&amp;Snapshots &amp;&amp; restore…</source>
        <translation>&amp;Snapshots &amp;&amp; Wiederherstellen…</translation>
    </message>
    <message>
        <source>Backups not run recently</source>
        <translation>Sicherungen lange nicht gelaufen</translation>
    </message>
    <message numerus="yes">
        <source>No successful run of “%1” for %n day(s).</source>
        <translation>
            <numerusform>Seit %n Tag kein erfolgreicher Lauf von „%1“.</numerusform>
            <numerusform>Seit %n Tagen kein erfolgreicher Lauf von „%1“.</numerusform>
        </translation>
    </message>
    <message>
        <source>qrsync – %1</source>
        <translation>qrsync – %1</translation>
    </message>
    <message>
        <source>Backups have not run</source>
        <translation>Sicherungen sind nicht gelaufen</translation>
    </message>
    <message>
        <source>A snapshot is already being made.</source>
        <translation>Es wird bereits ein Snapshot erstellt.</translation>
    </message>
    <message>
        <source>Making a snapshot of “%1”…</source>
        <translation>Snapshot von „%1“ wird erstellt…</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::Notifier</name>
    <message>
        <source>qrsync: %1</source>
        <translation>qrsync: %1</translation>
    </message>
    <message>
        <source>The run was cancelled.</source>
        <translation>Der Lauf wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Finished: %1 files copied (%2), %3 deleted.</source>
        <translation>Fertig: %1 Dateien kopiert (%2), %3 gelöscht.</translation>
    </message>
    <message>
        <source>The run did not complete: %1.</source>
        <translation>Der Lauf wurde nicht abgeschlossen: %1.</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::PasswordStore</name>
    <message>
        <source>The system keychain did not take the password (%1). qrsync never stores passwords in plain text: check that a keychain (GNOME Keyring, KWallet) is running and unlocked.</source>
        <translation>Der Schlüsselbund des Systems hat das Passwort nicht angenommen (%1). qrsync speichert Passwörter nie im Klartext: Prüfen Sie, ob ein Schlüsselbund (GNOME Keyring, KWallet) läuft und entsperrt ist.</translation>
    </message>
    <message>
        <source>No system keychain is available, so the password was not saved. qrsync never stores passwords in plain text: start a keychain (GNOME Keyring, KWallet) or give the password when the run asks for it.</source>
        <translation>Kein Schlüsselbund verfügbar, daher wurde das Passwort nicht gespeichert. qrsync speichert Passwörter nie im Klartext: Starten Sie einen Schlüsselbund (GNOME Keyring, KWallet) oder geben Sie das Passwort ein, wenn der Lauf danach fragt.</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::PreviewDialog</name>
    <message>
        <source>Preview of “%1”</source>
        <translation>Vorschau von „%1“</translation>
    </message>
    <message>
        <source>Comparing source and destination…</source>
        <translation>Quelle und Ziel werden verglichen …</translation>
    </message>
    <message>
        <source>Preview status</source>
        <translation>Stand der Vorschau</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Summen</translation>
    </message>
    <message>
        <source>&amp;Run this</source>
        <translation>&amp;So ausführen</translation>
    </message>
    <message>
        <source>Run this</source>
        <translation>So ausführen</translation>
    </message>
    <message>
        <source>&lt;b&gt;1 file to send&lt;/b&gt; (%1)</source>
        <translation>&lt;b&gt;1 Datei zu senden&lt;/b&gt; (%1)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 files to send&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;%1 Dateien zu senden&lt;/b&gt; (%2)</translation>
    </message>
    <message>
        <source>, 1 new entry</source>
        <translation>, 1 neuer Eintrag</translation>
    </message>
    <message>
        <source>, %1 new entries</source>
        <translation>, %1 neue Einträge</translation>
    </message>
    <message>
        <source>, %1 metadata-only</source>
        <translation>, %1 nur Metadaten</translation>
    </message>
    <message>
        <source>1 deletion</source>
        <translation>1 Löschung</translation>
    </message>
    <message>
        <source>%1 deletions</source>
        <translation>%1 Löschungen</translation>
    </message>
    <message>
        <source>Nothing to do: the destination is up to date.</source>
        <translation>Nichts zu tun: Das Ziel ist aktuell.</translation>
    </message>
    <message>
        <source>A run would make these changes:</source>
        <translation>Ein Lauf würde Folgendes ändern:</translation>
    </message>
    <message>
        <source>The preview did not complete: %1</source>
        <translation>Die Vorschau wurde nicht abgeschlossen: %1</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::ProfileDialog</name>
    <message>
        <source>Not supported by the qrsync engine yet (--%1)</source>
        <translation>Vom qrsync-Kern noch nicht unterstützt (--%1)</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Neues Profil</translation>
    </message>
    <message>
        <source>Edit profile</source>
        <translation>Profil bearbeiten</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>&amp;Options</source>
        <translation>&amp;Optionen</translation>
    </message>
    <message>
        <source>&amp;Filters</source>
        <translation>&amp;Filter</translation>
    </message>
    <message>
        <source>&amp;Command</source>
        <translation>&amp;Befehl</translation>
    </message>
    <message>
        <source>Problem with this profile</source>
        <translation>Problem mit diesem Profil</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Profilname</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Source to add</source>
        <translation>Hinzuzufügende Quelle</translation>
    </message>
    <message>
        <source>/home/me/Documents/</source>
        <translation>/home/ich/Dokumente/</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>Choose a source folder</source>
        <translation>Quellordner wählen</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add source</source>
        <translation>Quelle hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>Ent&amp;fernen</translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation>Quelle entfernen</translation>
    </message>
    <message>
        <source>A trailing / copies the folder's contents; without it the folder itself is created in the destination.</source>
        <translation>Ein abschließendes / kopiert den Inhalt des Ordners; ohne wird der Ordner selbst im Ziel angelegt.</translation>
    </message>
    <message>
        <source>&amp;Sources:</source>
        <translation>&amp;Quellen:</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>/media/backup/Documents, user@host:path or rsync://host/module</source>
        <translation>/media/sicherung/Dokumente, benutzer@rechner:pfad oder rsync://rechner/modul</translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation>Du&amp;rchsuchen …</translation>
    </message>
    <message>
        <source>Choose the destination folder</source>
        <translation>Zielordner wählen</translation>
    </message>
    <message>
        <source>&amp;Destination:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <source>Daemon password</source>
        <translation>Daemon-Passwort</translation>
    </message>
    <message>
        <source>For rsync:// locations; kept in the system keychain only</source>
        <translation>Für rsync://-Orte; nur im Schlüsselbund des Systems gespeichert</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Backup: add and update files, never delete</source>
        <translation>&amp;Sicherung: Dateien hinzufügen und aktualisieren, nie löschen</translation>
    </message>
    <message>
        <source>Backup mode</source>
        <translation>Sicherungsmodus</translation>
    </message>
    <message>
        <source>&amp;Mirror: make the destination an exact copy (deletes files not in the source)</source>
        <translation>&amp;Spiegeln: Ziel zur exakten Kopie machen (löscht Dateien, die nicht in der Quelle sind)</translation>
    </message>
    <message>
        <source>Mirror mode</source>
        <translation>Spiegelmodus</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>Modus:</translation>
    </message>
    <message>
        <source>Preserve</source>
        <translation>Erhalten</translation>
    </message>
    <message>
        <source>&amp;Permissions</source>
        <translation>&amp;Berechtigungen</translation>
    </message>
    <message>
        <source>Modification &amp;times</source>
        <translation>Änderungs&amp;zeiten</translation>
    </message>
    <message>
        <source>Symbolic &amp;links as links</source>
        <translation>Symbolische &amp;Verknüpfungen als Verknüpfungen</translation>
    </message>
    <message>
        <source>O&amp;wner (needs root)</source>
        <translation>&amp;Eigentümer (braucht root)</translation>
    </message>
    <message>
        <source>&amp;Group</source>
        <translation>&amp;Gruppe</translation>
    </message>
    <message>
        <source>Devices and special files</source>
        <translation>Geräte und Spezialdateien</translation>
    </message>
    <message>
        <source>&amp;Hard links</source>
        <translation>&amp;Harte Verknüpfungen</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>By &amp;content (checksum, slower)</source>
        <translation>Nach &amp;Inhalt (Prüfsumme, langsamer)</translation>
    </message>
    <message>
        <source>By si&amp;ze only</source>
        <translation>Nur nach &amp;Größe</translation>
    </message>
    <message>
        <source>Skip files &amp;newer at the destination</source>
        <translation>Im Ziel &amp;neuere Dateien überspringen</translation>
    </message>
    <message>
        <source>Skip files that &amp;exist</source>
        <translation>&amp;Vorhandene Dateien überspringen</translation>
    </message>
    <message>
        <source>Time tolerance in seconds</source>
        <translation>Zeittoleranz in Sekunden</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Time tolerance:</source>
        <translation>Zeittoleranz:</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <source>Co&amp;mpress (remote only)</source>
        <translation>Ko&amp;mprimieren (nur entfernt)</translation>
    </message>
    <message>
        <source>Keep partly copied files on cancel</source>
        <translation>Teilweise kopierte Dateien beim Abbruch behalten</translation>
    </message>
    <message>
        <source>Sparse files</source>
        <translation>Dünn besetzte Dateien</translation>
    </message>
    <message>
        <source>Whole files (no delta)</source>
        <translation>Ganze Dateien (kein Delta)</translation>
    </message>
    <message>
        <source>Bandwidth limit</source>
        <translation>Bandbreitenbegrenzung</translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Bandwidth limit:</source>
        <translation>Bandbreite:</translation>
    </message>
    <message>
        <source>Delete (mirror mode)</source>
        <translation>Löschen (Spiegelmodus)</translation>
    </message>
    <message>
        <source>When to delete</source>
        <translation>Wann gelöscht wird</translation>
    </message>
    <message>
        <source>During the transfer</source>
        <translation>Während der Übertragung</translation>
    </message>
    <message>
        <source>Before the transfer</source>
        <translation>Vor der Übertragung</translation>
    </message>
    <message>
        <source>After the transfer</source>
        <translation>Nach der Übertragung</translation>
    </message>
    <message>
        <source>Found during, done after</source>
        <translation>Währenddessen gefunden, danach gelöscht</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>Wann:</translation>
    </message>
    <message>
        <source>Also delete e&amp;xcluded files</source>
        <translation>Auch a&amp;usgeschlossene Dateien löschen</translation>
    </message>
    <message>
        <source>Maximum deletions</source>
        <translation>Höchstzahl an Löschungen</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Keine Grenze</translation>
    </message>
    <message>
        <source>At most:</source>
        <translation>Höchstens:</translation>
    </message>
    <message>
        <source>The same transfer from a terminal (qrsync accepts rsync's options):</source>
        <translation>Dieselbe Übertragung im Terminal (qrsync versteht die Optionen von rsync):</translation>
    </message>
    <message>
        <source>Equivalent command line</source>
        <translation>Entsprechende Befehlszeile</translation>
    </message>
    <message>
        <source>Co&amp;py</source>
        <translation>Ko&amp;pieren</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>Befehl kopieren</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>Speichern nicht möglich: %1</translation>
    </message>
    <message>
        <source>With stock rsync:</source>
        <translation>Mit dem üblichen rsync:</translation>
    </message>
    <message>
        <source>Equivalent rsync command line</source>
        <translation>Entsprechende rsync-Befehlszeile</translation>
    </message>
    <message>
        <source>Copy &amp;rsync command</source>
        <translation>&amp;rsync-Befehl kopieren</translation>
    </message>
    <message>
        <source>Copy rsync command</source>
        <translation>rsync-Befehl kopieren</translation>
    </message>
    <message>
        <source>Remote shell (host:path locations)</source>
        <translation>Entfernte Shell (Orte der Form rechner:pfad)</translation>
    </message>
    <message>
        <source>Remote shell command</source>
        <translation>Befehl der entfernten Shell</translation>
    </message>
    <message>
        <source>ssh (or $RSYNC_RSH)</source>
        <translation>ssh (oder $RSYNC_RSH)</translation>
    </message>
    <message>
        <source>Remote s&amp;hell:</source>
        <translation>Entfernte S&amp;hell:</translation>
    </message>
    <message>
        <source>rsync program on the other machine</source>
        <translation>rsync-Programm auf dem anderen Rechner</translation>
    </message>
    <message>
        <source>rsync &amp;program there:</source>
        <translation>rsync-&amp;Programm dort:</translation>
    </message>
    <message>
        <source>&amp;Snapshots &amp;&amp; schedule</source>
        <translation>&amp;Snapshots &amp;&amp; Zeitplan</translation>
    </message>
    <message>
        <source>&amp;Keep dated snapshots (unchanged files are hard links to the previous snapshot)</source>
        <translation>&amp;Datierte Snapshots behalten (unveränderte Dateien sind harte Links auf den vorigen Snapshot)</translation>
    </message>
    <message>
        <source>Each run makes DESTINATION/YYYY-MM-DDTHHMMSS/ and moves the "latest" link; needs a local destination</source>
        <translation>Jeder Lauf erstellt ZIEL/JJJJ-MM-TTTHHMMSS/ und versetzt den Link „latest“; braucht ein lokales Ziel</translation>
    </message>
    <message>
        <source>Retention (after each successful snapshot)</source>
        <translation>Aufbewahrung (nach jedem erfolgreichen Snapshot)</translation>
    </message>
    <message>
        <source>Keep the last</source>
        <translation>Die letzten behalten</translation>
    </message>
    <message>
        <source>Hourly snapshots to keep</source>
        <translation>Stündliche Snapshots behalten</translation>
    </message>
    <message>
        <source>Daily snapshots to keep</source>
        <translation>Tägliche Snapshots behalten</translation>
    </message>
    <message>
        <source>Weekly snapshots to keep</source>
        <translation>Wöchentliche Snapshots behalten</translation>
    </message>
    <message>
        <source>Monthly snapshots to keep</source>
        <translation>Monatliche Snapshots behalten</translation>
    </message>
    <message>
        <source>Yearly snapshots to keep</source>
        <translation>Jährliche Snapshots behalten</translation>
    </message>
    <message>
        <source>Last:</source>
        <translation>Letzte:</translation>
    </message>
    <message>
        <source>Hourly:</source>
        <translation>Stündlich:</translation>
    </message>
    <message>
        <source>Daily:</source>
        <translation>Täglich:</translation>
    </message>
    <message>
        <source>Weekly (ISO):</source>
        <translation>Wöchentlich (ISO):</translation>
    </message>
    <message>
        <source>Monthly:</source>
        <translation>Monatlich:</translation>
    </message>
    <message>
        <source>Yearly:</source>
        <translation>Jährlich:</translation>
    </message>
    <message>
        <source>Minimum free space</source>
        <translation>Mindestens freier Speicher</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>No minimum</source>
        <translation>Kein Minimum</translation>
    </message>
    <message>
        <source>Keep free:</source>
        <translation>Frei halten:</translation>
    </message>
    <message>
        <source>Si&amp;mulate retention…</source>
        <translation>Aufbewahrung si&amp;mulieren…</translation>
    </message>
    <message>
        <source>Show what the policy would remove</source>
        <translation>Zeigen, was die Regel entfernen würde</translation>
    </message>
    <message>
        <source>Each count keeps the newest snapshot of that many recent hours, days, weeks, months or years; the newest snapshot is always kept. All 0: never prune.</source>
        <translation>Jede Zahl behält den neuesten Snapshot so vieler zurückliegender Stunden, Tage, Wochen, Monate oder Jahre; der neueste Snapshot bleibt immer erhalten. Alle 0: nie ausdünnen.</translation>
    </message>
    <message>
        <source>Schedule (systemd user timer)</source>
        <translation>Zeitplan (systemd-Benutzer-Timer)</translation>
    </message>
    <message>
        <source>How often</source>
        <translation>Wie oft</translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation>Nicht geplant</translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation>Stündlich</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Täglich</translation>
    </message>
    <message>
        <source>Every week</source>
        <translation>Wöchentlich</translation>
    </message>
    <message>
        <source>Custom calendar expression</source>
        <translation>Eigener Kalenderausdruck</translation>
    </message>
    <message>
        <source>&amp;Run:</source>
        <translation>&amp;Ausführen:</translation>
    </message>
    <message>
        <source>At</source>
        <translation>Um</translation>
    </message>
    <message>
        <source>Hourly runs use the minutes only</source>
        <translation>Stündliche Läufe verwenden nur die Minuten</translation>
    </message>
    <message>
        <source>&amp;At:</source>
        <translation>&amp;Um:</translation>
    </message>
    <message>
        <source>On:</source>
        <translation>An:</translation>
    </message>
    <message>
        <source>Calendar expression</source>
        <translation>Kalenderausdruck</translation>
    </message>
    <message>
        <source>&amp;Expression:</source>
        <translation>&amp;Ausdruck:</translation>
    </message>
    <message>
        <source>Next runs:</source>
        <translation>Nächste Läufe:</translation>
    </message>
    <message>
        <source>Only on &amp;AC power</source>
        <translation>Nur mit &amp;Netzstrom</translation>
    </message>
    <message>
        <source>Only when the destination's drive is mounted</source>
        <translation>Nur wenn das Laufwerk des Ziels eingehängt ist</translation>
    </message>
    <message>
        <source>Skips the run quietly when the destination folder is missing</source>
        <translation>Überspringt den Lauf still, wenn der Zielordner fehlt</translation>
    </message>
    <message>
        <source>Random delay</source>
        <translation>Zufällige Verzögerung</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Random &amp;delay up to:</source>
        <translation>Zufällige &amp;Verzögerung bis:</translation>
    </message>
    <message>
        <source>Save writes the timer to %1 and enables it (systemctl --user).</source>
        <translation>Speichern schreibt den Timer nach %1 und aktiviert ihn (systemctl --user).</translation>
    </message>
    <message>
        <source>No systemd user manager is running for you: Save writes the timer to %1 but cannot enable it, so qrsync runs the schedule itself while the app is open.</source>
        <translation>Für Sie läuft kein systemd-Benutzerdienst: Speichern schreibt den Timer nach %1, kann ihn aber nicht aktivieren; qrsync führt den Zeitplan daher selbst aus, solange die App geöffnet ist.</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Cannot save: snapshots need a local destination folder (an absolute path)</source>
        <translation>Speichern nicht möglich: Snapshots brauchen einen lokalen Zielordner (einen absoluten Pfad)</translation>
    </message>
    <message>
        <source>Saved, but the schedule could not be installed: %1</source>
        <translation>Gespeichert, aber der Zeitplan konnte nicht eingerichtet werden: %1</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::ProfileListModel</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Mirror</source>
        <translation>Spiegeln</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>Makes the destination an exact copy: files not in the source are deleted</source>
        <translation>Macht das Ziel zur exakten Kopie: Dateien, die nicht in der Quelle sind, werden gelöscht</translation>
    </message>
    <message>
        <source>Adds and updates files; never deletes at the destination</source>
        <translation>Fügt Dateien hinzu und aktualisiert sie; löscht im Ziel nie</translation>
    </message>
    <message>
        <source>Never run</source>
        <translation>Nie gelaufen</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Sources → destination</source>
        <translation>Quellen → Ziel</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Letzter Lauf</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>Snapshots</translation>
    </message>
    <message>
        <source>Each run makes a dated snapshot; unchanged files are hard links</source>
        <translation>Jeder Lauf erstellt einen datierten Snapshot; unveränderte Dateien sind harte Links</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::RetentionTimeline</name>
    <message>
        <source>Snapshot timeline</source>
        <translation>Snapshot-Zeitleiste</translation>
    </message>
    <message>
        <source>No snapshots yet</source>
        <translation>Noch keine Snapshots</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::RetentionView</name>
    <message>
        <source>Retention simulator</source>
        <translation>Aufbewahrungs-Simulator</translation>
    </message>
    <message>
        <source>What the retention policy would keep and remove now. Nothing is deleted here.</source>
        <translation>Was die Aufbewahrungsregel jetzt behalten und entfernen würde. Hier wird nichts gelöscht.</translation>
    </message>
    <message>
        <source>Snapshots and verdicts</source>
        <translation>Snapshots und Entscheidungen</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Frees</source>
        <translation>Gibt frei</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>keep</source>
        <translation>behalten</translation>
    </message>
    <message>
        <source>remove</source>
        <translation>entfernen</translation>
    </message>
    <message>
        <source>Keeps %1 of %2 snapshots; removing %3 frees %4.</source>
        <translation>Behält %1 von %2 Snapshots; das Entfernen von %3 gibt %4 frei.</translation>
    </message>
    <message>
        <source>Even so, the minimum free space is not reached.</source>
        <translation>Trotzdem wird der mindestens freie Speicher nicht erreicht.</translation>
    </message>
    <message>
        <source>Cannot simulate: %1</source>
        <translation>Simulation nicht möglich: %1</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::RunLauncher</name>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::RunView</name>
    <message>
        <source>Running “%1”</source>
        <translation>„%1“ läuft</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Overall progress</source>
        <translation>Gesamtfortschritt</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Dateien:</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>Daten:</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>Geschwindigkeit:</translation>
    </message>
    <message>
        <source>Time left:</source>
        <translation>Restzeit:</translation>
    </message>
    <message>
        <source>Current file</source>
        <translation>Aktuelle Datei</translation>
    </message>
    <message>
        <source>Current file progress</source>
        <translation>Fortschritt der aktuellen Datei</translation>
    </message>
    <message>
        <source>Errors and warnings:</source>
        <translation>Fehler und Warnungen:</translation>
    </message>
    <message>
        <source>Errors and warnings</source>
        <translation>Fehler und Warnungen</translation>
    </message>
    <message>
        <source>Cancel the run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>Comparing source and destination…</source>
        <translation>Quelle und Ziel werden verglichen …</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>%1 checked</source>
        <translation>%1 geprüft</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>The settings file could not be read (%1); showing the defaults.</source>
        <translation>Die Einstellungsdatei konnte nicht gelesen werden (%1); es werden die Vorgaben gezeigt.</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>&amp;Async paths</source>
        <translation>&amp;Asynchrone Pfade</translation>
    </message>
    <message>
        <source>Show a &amp;notification when a run ends</source>
        <translation>Am Ende eines Laufs eine &amp;Benachrichtigung zeigen</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Start &amp;minimised</source>
        <translation>&amp;Minimiert starten</translation>
    </message>
    <message>
        <source>Start minimised</source>
        <translation>Minimiert starten</translation>
    </message>
    <message>
        <source>The look follows your desktop's theme.</source>
        <translation>Das Aussehen folgt dem Design Ihres Desktops.</translation>
    </message>
    <message>
        <source>qrsync runs four parts of a transfer asynchronously. Turning one off falls back to the simpler threaded code, as &lt;tt&gt;--no-async&lt;/tt&gt; or &lt;tt&gt;QRSYNC_ASYNC_&amp;lt;PATH&amp;gt;=0&lt;/tt&gt; would; the next run uses it. Use this to work around a problem, or to compare.</source>
        <translation>qrsync führt vier Teile einer Übertragung asynchron aus. Wird einer abgeschaltet, kommt der einfachere Code mit Threads zum Einsatz, wie mit &lt;tt&gt;--no-async&lt;/tt&gt; oder &lt;tt&gt;QRSYNC_ASYNC_&amp;lt;PATH&amp;gt;=0&lt;/tt&gt;; der nächste Lauf verwendet ihn. Nützlich, um ein Problem zu umgehen oder zu vergleichen.</translation>
    </message>
    <message>
        <source>&amp;Daemon listener</source>
        <translation>&amp;Daemon-Empfang</translation>
    </message>
    <message>
        <source>Serves rsync:// clients from a few event-loop threads instead of one thread per connection.</source>
        <translation>Bedient rsync://-Clients aus wenigen Ereignisschleifen-Threads statt einem Thread pro Verbindung.</translation>
    </message>
    <message>
        <source>&amp;SSH transport</source>
        <translation>&amp;SSH-Transport</translation>
    </message>
    <message>
        <source>Drives SSH connections without blocking instead of a blocking worker thread.</source>
        <translation>Betreibt SSH-Verbindungen ohne Blockieren statt in einem blockierenden Arbeitsthread.</translation>
    </message>
    <message>
        <source>&amp;Receiver pipeline</source>
        <translation>&amp;Empfänger-Pipeline</translation>
    </message>
    <message>
        <source>Decodes incoming data on the event loop and writes files on workers, pipelined, instead of one thread doing both in order.</source>
        <translation>Dekodiert eingehende Daten in der Ereignisschleife und schreibt Dateien parallel in Arbeitsthreads, statt beides der Reihe nach in einem Thread.</translation>
    </message>
    <message>
        <source>&amp;Worker composition</source>
        <translation>&amp;Arbeitsthreads</translation>
    </message>
    <message>
        <source>Computes checksums and deltas on a thread pool instead of inline.</source>
        <translation>Berechnet Prüfsummen und Deltas in einem Thread-Pool statt direkt.</translation>
    </message>
    <message>
        <source>(Not compiled into this build.)</source>
        <translation>(In diesem Build nicht enthalten.)</translation>
    </message>
    <message>
        <source>Cannot save the settings: %1</source>
        <translation>Die Einstellungen können nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>&amp;Warn when a profile has not run successfully for</source>
        <translation>&amp;Warnen, wenn ein Profil so lange nicht erfolgreich lief:</translation>
    </message>
    <message>
        <source>Days without a successful run before a warning</source>
        <translation>Tage ohne erfolgreichen Lauf bis zur Warnung</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Never warn</source>
        <translation>Nie warnen</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::SnapshotBrowserDialog</name>
    <message>
        <source>Snapshots of “%1”</source>
        <translation>Snapshots von „%1“</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>Snapshots</translation>
    </message>
    <message>
        <source>Files in the snapshot</source>
        <translation>Dateien im Snapshot</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Versions of the selected file</source>
        <translation>Versionen der ausgewählten Datei</translation>
    </message>
    <message>
        <source>Version in snapshots</source>
        <translation>Version in Snapshots</translation>
    </message>
    <message>
        <source>Restore to &amp;original place…</source>
        <translation>Am &amp;ursprünglichen Ort wiederherstellen…</translation>
    </message>
    <message>
        <source>Restore &amp;to…</source>
        <translation>Wiederherstellen &amp;nach…</translation>
    </message>
    <message>
        <source>Restored: %1 files copied (%2).</source>
        <translation>Wiederhergestellt: %1 Dateien kopiert (%2).</translation>
    </message>
    <message>
        <source>The restore did not complete: %1</source>
        <translation>Die Wiederherstellung wurde nicht abgeschlossen: %1</translation>
    </message>
    <message>
        <source>Cannot list the snapshots: %1</source>
        <translation>Die Snapshots können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>No complete snapshot yet in %1.</source>
        <translation>Noch kein vollständiger Snapshot in %1.</translation>
    </message>
    <message>
        <source>%1 (symlink)</source>
        <translation>%1 (symbolischer Link)</translation>
    </message>
    <message>
        <source>%1 – %2 (%3 snapshots)</source>
        <translation>%1 – %2 (%3 Snapshots)</translation>
    </message>
    <message>
        <source>Restore to folder</source>
        <translation>In Ordner wiederherstellen</translation>
    </message>
    <message>
        <source>Cannot restore: %1</source>
        <translation>Wiederherstellen nicht möglich: %1</translation>
    </message>
    <message>
        <source>Previewing the restore into %1…</source>
        <translation>Vorschau der Wiederherstellung nach %1…</translation>
    </message>
    <message>
        <source>restore into %1</source>
        <translation>Wiederherstellung nach %1</translation>
    </message>
    <message>
        <source>Restoring into %1…</source>
        <translation>Wiederherstellen nach %1…</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::SnapshotLauncher</name>
    <message>
        <source>Snapshot of “%1” failed: %2</source>
        <translation>Snapshot von „%1“ fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Snapshot %1 of “%2” complete.</source>
        <translation>Snapshot %1 von „%2“ fertig.</translation>
    </message>
    <message>
        <source>Snapshot of “%1” failed; it will be resumed next time.</source>
        <translation>Snapshot von „%1“ fehlgeschlagen; er wird beim nächsten Mal fortgesetzt.</translation>
    </message>
    <message>
        <source>The prune failed: %1</source>
        <translation>Das Ausdünnen ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>qrsync::ui::SshPrompter</name>
    <message>
        <source>Private key passphrase</source>
        <translation>Passphrase des privaten Schlüssels</translation>
    </message>
    <message>
        <source>Enter the passphrase of your SSH private key:</source>
        <translation>Geben Sie die Passphrase Ihres privaten SSH-Schlüssels ein:</translation>
    </message>
    <message>
        <source>SSH password</source>
        <translation>SSH-Passwort</translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation>Passwort für %1:</translation>
    </message>
    <message>
        <source>Unknown SSH host</source>
        <translation>Unbekannter SSH-Host</translation>
    </message>
    <message>
        <source>The authenticity of host %1 can't be established.

%2 key fingerprint is
%3

Trust this key and record it in %4?</source>
        <translation>Die Echtheit des Hosts %1 kann nicht festgestellt werden.

Der Fingerabdruck des %2-Schlüssels ist
%3

Diesem Schlüssel vertrauen und ihn in %4 eintragen?</translation>
    </message>
</context>
</TS>