### theticketbot — Deutsch.
### Quelle ist en-US/theticketbot.ftl: dort stehen zu jeder Nachricht die Variablen und
### Regeln (Längen, Kleinschreibung der Befehlsnamen). Discord spricht seine Nutzer auf
### Deutsch mit „du“ an, diese Datei auch.

## Anwendungsbefehle

cmd-inbox-name = postfach
cmd-inbox-description = Ticket-Postfächer einrichten und verwalten.

cmd-inbox-create-name = erstellen
cmd-inbox-create-description = Eine Nachricht in ein neues Postfach verwandeln.
cmd-inbox-create-channel-name = kanal
cmd-inbox-create-channel-description = Kanal, in dem die Postfach-Nachricht erscheint.
cmd-inbox-create-destination-name = ziel
cmd-inbox-create-destination-description = Kanal, in dem neue Tickets eröffnet werden (sonst der Kanal des Postfachs).

cmd-inbox-destination-name = ziel
cmd-inbox-destination-description = Festlegen, wo ein Postfach seine Tickets eröffnet.
cmd-inbox-destination-channel-name = kanal
cmd-inbox-destination-channel-description = Kanal, in dem neue Tickets eröffnet werden.

cmd-inbox-message-name = nachricht
cmd-inbox-message-description = Die Nachricht eines Postfachs ersetzen.

cmd-inbox-staff-name = team
cmd-inbox-staff-description = Rollen und Mitglieder wählen, die zu den Tickets eines Postfachs kommen.

cmd-inbox-new-tickets-name = neue-tickets
cmd-inbox-new-tickets-description = Einstellungen für die Tickets, die ein Postfach eröffnet.

cmd-inbox-new-tickets-starter-name = startnachricht
cmd-inbox-new-tickets-starter-description = Die erste Nachricht in neuen Tickets ändern.

cmd-inbox-new-tickets-name-name = name
cmd-inbox-new-tickets-name-description = Festlegen, wie neue Tickets heißen.

menu-select-message-name = Diese Nachricht auswählen

## Nachricht auswählen

select-message-for-new-inbox =
    Dein Postfach wird in { $channel } veröffentlicht. Wähle jetzt die Nachricht aus, die es zeigen soll: Rechtsklick auf die Nachricht (am Handy lange gedrückt halten), dann unter **Apps** auf **{ menu-select-message-name }**.

select-inbox-to-edit =
    Wähle das Postfach aus, das du ändern möchtest: Rechtsklick auf seine Nachricht (am Handy lange gedrückt halten), dann unter **Apps** auf **{ menu-select-message-name }**.

select-message-for-inbox =
    Wähle jetzt genauso mit **{ menu-select-message-name }** die Nachricht aus, die kopiert werden soll. Sie ersetzt den Inhalt von { $inbox }

select-expired = Diese Auswahl ist abgelaufen. Führe den Befehl erneut aus und wähle dann die Nachricht aus.

select-nothing-pending = Gerade gibt es nichts auszuwählen. Führe zuerst einen Befehl aus, der nach einer Nachricht fragt.

select-not-an-inbox = { $message } ist kein Postfach. Wähle eine Nachricht, unter der die Schaltfläche **{ inbox-button }** steht.

select-inbox-unrecognised = { $message } wird nicht mehr als Postfach erkannt. Bitte erstelle es mit /{ cmd-inbox-name } { cmd-inbox-create-name } neu.

## Berechtigungen

permissions-missing = Ich brauche in { $channel } folgende Berechtigungen: { $permissions }

permission-view-channel = Kanal ansehen
permission-send-messages = Nachrichten senden
permission-send-messages-in-threads = Nachrichten in Threads senden
permission-create-public-threads = Öffentliche Threads erstellen
permission-create-private-threads = Private Threads erstellen
permission-embed-links = Links einbetten
permission-attach-files = Dateien anhängen
permission-add-reactions = Reaktionen hinzufügen
permission-use-external-emojis = Externe Emojis verwenden
permission-mention-everyone = @everyone, @here und alle Rollen erwähnen
permission-manage-messages = Nachrichten verwalten
permission-manage-threads = Threads verwalten
permission-read-message-history = Nachrichtenverlauf lesen
permission-manage-channels = Kanal verwalten
permission-manage-roles = Berechtigungen verwalten

## Postfächer verwalten

inbox-button = Ticket erstellen

# $author und $staff bleiben genau so stehen (ohne Klammern): der Bot ersetzt sie.
inbox-starter-default =
    $author danke, dass du ein Ticket eröffnet hast! Beschreib kurz dein Anliegen, wir melden uns bald bei dir.
    $staff

inbox-attachments-too-large =
    Die Anhänge dieser Nachricht sind zum Kopieren zu groß ({ BYTES($actual) }). Zusammen dürfen sie höchstens { BYTES($size) } groß sein.

inbox-created = Dein Postfach ist bereit: { $link }

inbox-post-not-confirmed = Discord hat nicht bestätigt, dass die Postfach-Nachricht in { $channel } erschienen ist. Falls sie dort auftaucht, lösch sie und wähle deine Nachricht dann noch einmal aus.

inbox-announcement-needs-destination = In einem Ankündigungskanal wie { $channel } können keine Tickets eröffnet werden. Führ den Befehl noch einmal aus und gib als `{ cmd-inbox-create-destination-name }` einen Textkanal an, in dem sie eröffnet werden sollen.

inbox-message-empty = Diese Nachricht hat weder Text noch Bild noch Embed, das sich kopieren ließe. Wähle eine andere Nachricht aus.

inbox-gone = Dieses Postfach gibt es nicht mehr. Erstelle ein neues mit /{ cmd-inbox-name } { cmd-inbox-create-name }.

inbox-message-same-as-inbox = Ein Postfach kann nicht seine eigene Nachricht übernehmen. Wähle eine andere Nachricht aus.

inbox-message-updated = Die Nachricht des Postfachs wurde aktualisiert: { $inbox }

inbox-destination-unchanged = Neue Tickets aus { $inbox } werden schon in { $destination } eröffnet, es ändert sich also nichts.

inbox-destination-changed = Neue Tickets aus { $inbox } werden ab jetzt in { $new } statt in { $old } eröffnet.

inbox-staff-prompt = Wähle aus, wer zu jedem neuen Ticket hinzukommt. Postfach: { $inbox }

inbox-staff-placeholder = Rollen und Mitglieder wählen (bis zu 10)

inbox-staff-updated = Team aktualisiert: { $added } hinzugefügt, { $removed } entfernt.

inbox-staff-unchanged = Du hast nichts geändert, das Team bleibt, wie es ist.

inbox-starter-modal-title = Erste Nachricht neuer Tickets
inbox-starter-modal-label = Text ($author = Ersteller, $staff = Team)

inbox-starter-saved = Neue Tickets aus { $inbox } beginnen ab jetzt mit der neuen Nachricht.

inbox-name-modal-title = Name neuer Tickets
inbox-name-modal-label = Name ($year $month $day $author $counter)

inbox-name-saved = Neue Tickets aus { $inbox } werden ab jetzt nach der neuen Vorlage benannt.

## Ticket eröffnen

ticket-inbox-unknown = Dieses Postfach wird nicht mehr erkannt. Bitte gib einem Server-Admin Bescheid, damit es neu eingerichtet wird.

ticket-limit-reached = Du hast in diesem Postfach schon so viele offene Tickets wie erlaubt. Bitte schließe zuerst dein letztes ab: { $link }

ticket-cooldown =
    Du eröffnest Tickets zu schnell. Bitte versuch es in { $seconds ->
        [one] einer Sekunde
       *[other] { $seconds } Sekunden
    } noch einmal.

ticket-creating = Dein Ticket wird eröffnet …

ticket-ready = Dein Ticket ist bereit: { $link }

ticket-audit-created = Ticket eröffnet von { $user }

ticket-missing-permissions = Mir fehlen die Berechtigungen, um hier ein Ticket zu eröffnen. Bitte gib einem Server-Admin Bescheid.

ticket-member-cannot-view = Du kannst { $channel } nicht sehen, wo dieses Postfach seine Tickets eröffnet, deshalb könntest du dein Ticket nicht öffnen. Bitte gib einem Server-Admin Bescheid.

ticket-member-timed-out = Du bist auf diesem Server im Timeout, deshalb könntest du in einem Ticket nicht schreiben. Bitte versuche es { $until } noch einmal.

ticket-create-failed = Discord hat nicht bestätigt, dass dein Ticket eröffnet wurde. Bitte versuche es gleich noch einmal.

ticket-outcome-unknown = Ich kann noch nicht sagen, ob Discord dein Ticket eröffnet hat. Bitte warte einen Moment: Wurde es eröffnet, erscheint der Link hier.

ticket-still-checking = Ich prüfe noch mit Discord, ob dein letztes Ticket eröffnet wurde. Bitte warte einen Moment und versuche es dann noch einmal.

ticket-database-unavailable = Ich konnte dein Ticket nicht speichern, weil meine Datenbank gerade nicht beschrieben werden kann. Bitte gib einem Server-Admin Bescheid.

inbox-manage-server-needed = Du brauchst die Berechtigung **Server verwalten**, um Postfächer zu ändern, daher wurde nichts gespeichert.

interaction-invalid = Mit dieser Anfrage stimmte etwas nicht, deshalb habe ich nichts geändert. Bitte versuch es noch einmal.

error-guild-only = Das funktioniert nur auf einem Server.

ticket-audit-abandoned = Ticket konnte nicht eingerichtet werden

## Automatische Pflege der Tickets

ticket-owner-left-thread = { $owner } hat dieses Ticket verlassen, deshalb wird es archiviert.

ticket-owner-left-server = { $owner } hat den Server verlassen, deshalb wird dieses Ticket archiviert.

ticket-locked-notice = Dieses Ticket wurde archiviert und ist jetzt gesperrt: Nur Moderatoren können es wieder öffnen.

ticket-audit-owner-left-thread = Ersteller des Tickets hat den Thread verlassen
ticket-audit-owner-left-server = Ersteller des Tickets hat den Server verlassen
ticket-audit-locked = Archiviertes Ticket wird gesperrt

## Textbefehle für den Besitzer des Bots

owner-sync-done =
    { $commands ->
        [one] Ein Befehl
       *[other] { $commands } Befehle
    } mit { $localizations ->
        [one] einer Übersetzung
       *[other] { $localizations } Übersetzungen
    } global synchronisiert.

owner-sync-guild-done =
    { $commands ->
        [one] Ein Befehl
       *[other] { $commands } Befehle
    } mit { $localizations ->
        [one] einer Übersetzung
       *[other] { $localizations } Übersetzungen
    } für den Server { $guild } synchronisiert.

owner-reload-config-done = Die Konfigurationsdatei wurde neu geladen.

owner-reload-config-failed = Die Konfiguration konnte nicht neu geladen werden, die bisherige bleibt aktiv. Was mit der Datei nicht stimmt, steht im Log des Bots.

owner-sync-not-a-guild-id = { $value } ist keine Server-ID. Schreib `sync` allein, um die Befehle überall zu registrieren, oder dahinter die ID eines Servers (Rechtsklick auf den Server, dann Server-ID kopieren).

owner-sync-refused = Discord hat die Registrierung der Befehle abgelehnt ({ $reason }). Einzelheiten stehen im Log des Bots.

owner-sync-guild-refused = Discord hat die Registrierung der Befehle für den Server { $guild } abgelehnt ({ $reason }). Einzelheiten stehen im Log des Bots.

owner-unknown-command =
    Ich kenne nur diese Befehle: `sync` (optional gefolgt von einer Server-ID) und `reload-config`. Erwähne mich und schreib dann den Befehl.

## Fehler

error-unexpected =
    Etwas Unerwartetes ist schiefgelaufen (Fehlercode { $code }). Wenn das öfter passiert, wende dich bitte an { $owner }.

error-unknown-interaction = Diesen Befehl oder diese Schaltfläche kenne ich nicht mehr. Vielleicht stammt das aus einer älteren Version des Bots.

database-unavailable = Ich konnte das nicht speichern, weil meine Datenbank gerade nicht beschrieben werden kann. Versuch es später noch einmal oder sag der Person Bescheid, die den Bot betreibt.
