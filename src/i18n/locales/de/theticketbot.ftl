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

cmd-inbox-settings-name = einstellungen
cmd-inbox-settings-description = Limits, Rollen und Log-Kanal eines Postfachs ansehen und ändern.

cmd-inbox-new-tickets-name = neue-tickets
cmd-inbox-new-tickets-description = Einstellungen für die Tickets, die ein Postfach eröffnet.

cmd-inbox-new-tickets-starter-name = startnachricht
cmd-inbox-new-tickets-starter-description = Die erste Nachricht in neuen Tickets ändern.

cmd-inbox-new-tickets-name-name = name
cmd-inbox-new-tickets-name-description = Festlegen, wie neue Tickets heißen.

menu-select-message-name = Diese Nachricht auswählen

cmd-ticket-name = ticket
cmd-ticket-description = Ein Ticket schließen, übernehmen, umbenennen und mehr.

cmd-ticket-close-name = schließen
cmd-ticket-close-description = Ein Ticket schließen.
cmd-ticket-close-reason-name = grund
cmd-ticket-close-reason-description = Warum es geschlossen wird (wird im Ticket gepostet).
cmd-ticket-close-ticket-name = ticket
cmd-ticket-close-ticket-description = Das Ticket (sonst das, in dem du gerade bist).

cmd-ticket-reopen-name = wiedereröffnen
cmd-ticket-reopen-description = Ein geschlossenes Ticket wieder öffnen.
cmd-ticket-reopen-ticket-name = ticket
cmd-ticket-reopen-ticket-description = Das Ticket (sonst das, in dem du gerade bist).

cmd-ticket-claim-name = übernehmen
cmd-ticket-claim-description = Ein Ticket übernehmen.
cmd-ticket-claim-ticket-name = ticket
cmd-ticket-claim-ticket-description = Das Ticket (sonst das, in dem du gerade bist).

cmd-ticket-unclaim-name = abgeben
cmd-ticket-unclaim-description = Ein übernommenes Ticket wieder abgeben.

cmd-ticket-rename-name = umbenennen
cmd-ticket-rename-description = Dieses Ticket umbenennen.
cmd-ticket-rename-name-name = name
cmd-ticket-rename-name-description = Der neue Name.

cmd-ticket-add-name = hinzufügen
cmd-ticket-add-description = Jemanden zu diesem Ticket hinzufügen.
cmd-ticket-add-member-name = mitglied
cmd-ticket-add-member-description = Wer hinzukommen soll.

cmd-ticket-remove-name = entfernen
cmd-ticket-remove-description = Jemanden aus diesem Ticket entfernen (wer es eröffnet hat, schließt es damit).
cmd-ticket-remove-member-name = mitglied
cmd-ticket-remove-member-description = Wer entfernt werden soll.

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

## Einstellungen eines Postfachs (/postfach einstellungen)

inbox-settings-title = Einstellungen von { $inbox }
inbox-settings-max-tickets = **Offene Tickets pro Mitglied:** { $count }
inbox-settings-max-tickets-none = **Offene Tickets pro Mitglied:** unbegrenzt
inbox-settings-cooldown = **Wartezeit zwischen den Tickets eines Mitglieds:** { $seconds } s
inbox-settings-cooldown-slowmode = **Wartezeit zwischen den Tickets eines Mitglieds:** { $seconds } s, es gilt aber der langsame Modus des Kanals von { $slowmode } s
inbox-settings-auto-archive = **Neue Tickets verschwinden aus der Kanalliste nach:** { $duration } ohne Aktivität
inbox-settings-allowed = **Rollen, die Tickets eröffnen dürfen:** { $roles }
inbox-settings-allowed-everyone = **Rollen, die Tickets eröffnen dürfen:** alle
inbox-settings-blocked = **Rollen, die nie Tickets eröffnen dürfen:** { $roles }
inbox-settings-blocked-none = **Rollen, die nie Tickets eröffnen dürfen:** keine
inbox-settings-log = **Log-Kanal:** { $channel }
inbox-settings-log-none = **Log-Kanal:** keiner

inbox-settings-allowed-placeholder = Rollen, die Tickets eröffnen dürfen (keine gewählt: alle)
inbox-settings-blocked-placeholder = Rollen, die nie Tickets eröffnen dürfen
inbox-settings-log-placeholder = Log-Kanal für Ticket-Ereignisse (keiner gewählt: kein Log)
inbox-settings-archive-placeholder = Wann neue Tickets aus der Kanalliste verschwinden
inbox-settings-limits-button = Limit und Wartezeit ändern

auto-archive-channel = Standard des Kanals
auto-archive-60 = 1 Stunde
auto-archive-1440 = 24 Stunden
auto-archive-4320 = 3 Tage
auto-archive-10080 = 1 Woche

inbox-settings-limits-modal-title = Limit und Wartezeit
inbox-settings-max-tickets-modal-label = Offene Tickets pro Mitglied
inbox-settings-max-tickets-modal-description = Eine ganze Zahl von 0 bis { $max }; 0 heißt unbegrenzt.
inbox-settings-cooldown-modal-label = Wartezeit in Sekunden
inbox-settings-cooldown-modal-description = Von 0 bis { $max }. Ist der langsame Modus des Kanals länger, gilt er.

inbox-settings-invalid-number = **{ $field }** muss eine ganze Zahl von { $min } bis { $max } sein. Es wurde nichts gespeichert.

inbox-settings-saved-allowed = Die Rollen, die Tickets eröffnen dürfen, sind gespeichert.
inbox-settings-saved-blocked = Die Rollen, die nie Tickets eröffnen dürfen, sind gespeichert.
inbox-settings-saved-log = Gespeichert: Ticket-Ereignisse werden in { $channel } festgehalten.
inbox-settings-saved-log-off = Gespeichert: Ticket-Ereignisse werden nicht mehr festgehalten.
inbox-settings-saved-archive = Gespeichert: Neue Tickets verschwinden nach { $duration } ohne Aktivität aus der Kanalliste.
inbox-settings-saved-limits = Limit und Wartezeit sind gespeichert.
inbox-settings-saved-limits-slowmode = Limit und Wartezeit sind gespeichert. Der langsame Modus des Kanals von { $slowmode } s ist länger als diese Wartezeit, daher warten Mitglieder weiterhin { $slowmode } s zwischen zwei Tickets.

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

ticket-role-blocked = Du kannst in diesem Postfach keine Tickets eröffnen.

ticket-role-not-allowed = In diesem Postfach können nur Mitglieder mit bestimmten Rollen Tickets eröffnen.

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

## Tickets bearbeiten: die Schaltflächen, /ticket und die Antworten

ticket-card-close-button = Schließen
ticket-card-claim-button = Übernehmen
ticket-card-unclaim-button = Abgeben
ticket-card-claimed = Übernommen von { $user }

ticket-not-a-ticket = Das ist kein Ticket. Verwende das in einem Ticket oder wähle eines mit der Option `ticket` aus.

ticket-owner-or-staff-only = Nur wer dieses Ticket eröffnet hat und sein Team können es schließen.
ticket-staff-only = Das kann nur das Team dieses Tickets.

ticket-close-modal-title = Dieses Ticket schließen
ticket-close-modal-label = Grund (optional)
ticket-close-modal-description = Wird im Ticket für alle darin gepostet und nirgends sonst gespeichert.

ticket-closed-reply = Das Ticket ist geschlossen.
ticket-already-closed = Dieses Ticket ist schon geschlossen.

ticket-closed-notice = { $user } hat dieses Ticket geschlossen.
ticket-closed-notice-reason =
    { $user } hat dieses Ticket geschlossen.
    Grund: { $reason }
ticket-owner-removed-notice = { $user } hat { $owner } aus diesem Ticket entfernt, deshalb wird es archiviert.
ticket-reopened-notice = { $user } hat dieses Ticket wieder geöffnet.

ticket-audit-closed = Ticket geschlossen von { $user }
ticket-audit-owner-removed = Ersteller des Tickets entfernt von { $user }
ticket-audit-reopened = Ticket wieder geöffnet von { $user }
ticket-audit-renamed = Ticket umbenannt von { $user }

ticket-already-open = Dieses Ticket ist schon offen.
ticket-reopened-reply = Das Ticket ist wieder offen: { $link }

ticket-closed-reopen-first = Dieses Ticket ist geschlossen. Öffne es zuerst mit /{ cmd-ticket-name } { cmd-ticket-reopen-name } wieder.
ticket-claimed-reply = Du hast dieses Ticket übernommen.
ticket-unclaimed-reply = Das Ticket ist nicht mehr übernommen.
ticket-already-yours = Du hast dieses Ticket schon übernommen.
ticket-already-claimed = { $user } hat dieses Ticket schon übernommen. Gib es zuerst ab, wenn du es übernehmen willst.
ticket-not-claimed = Niemand hat dieses Ticket übernommen.
ticket-claim-changed = Gerade hat jemand anderes die Übernahme dieses Tickets geändert. Bitte versuche es noch einmal.
ticket-claim-no-card = In der ersten Nachricht des Tickets konnte ich es nicht anzeigen.

ticket-rename-empty = Der Name eines Tickets darf nicht leer sein.
ticket-rename-unchanged = Dieses Ticket heißt schon { $name }.
ticket-renamed-reply = Das Ticket heißt jetzt { $name }.
ticket-rename-rate-limited =
    Discord erlaubt nur zwei Umbenennungen eines Tickets in zehn Minuten. Bitte versuche es { $when } noch einmal ({ $seconds ->
        [one] eine Sekunde
       *[other] { $seconds } Sekunden
    }).

ticket-member-added = { $user } kann dieses Ticket jetzt sehen.
ticket-member-removed = { $user } wurde aus diesem Ticket entfernt.
ticket-member-not-in-server = { $user } ist kein Mitglied dieses Servers.
ticket-add-cannot-view = { $user } kann { $channel } nicht sehen und damit auch dieses Ticket nicht. Erlaube zuerst, diesen Kanal anzusehen.
ticket-remove-bot = Ich muss im Ticket bleiben, um mich darum zu kümmern.
ticket-owner-removed-reply = Du hast { $user } entfernt, der dieses Ticket eröffnet hat, deshalb ist es jetzt geschlossen.

## Log-Kanal (eine Zeile pro Ereignis, ohne Pings)

log-opened = { $ticket } eröffnet von { $user }
log-claimed = { $ticket } übernommen von { $user }
log-unclaimed = { $ticket } abgegeben von { $user }
log-closed = { $ticket } geschlossen von { $user }
log-closed-reason = { $ticket } geschlossen von { $user }: { $reason }
log-reopened = { $ticket } wieder geöffnet von { $user }
log-reopened-by-discord = { $ticket } wieder geöffnet
log-owner-left-thread = { $ticket } geschlossen: { $owner } hat das Ticket verlassen
log-owner-left-server = { $ticket } geschlossen: { $owner } hat den Server verlassen
log-owner-removed = { $ticket } geschlossen: { $user } hat { $owner } entfernt
log-renamed = { $ticket } von { $user } umbenannt in { $new }
log-renamed-from = { $ticket } von { $user } umbenannt: { $old } → { $new }

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

## Themen und Formulare (SPEC §11)

cmd-inbox-topics-name = themen
cmd-inbox-topics-description = Themen eines Postfachs und ihre Formulare ansehen und ändern.

inbox-topics-menu-placeholder = Worum geht es in deinem Ticket?
ticket-topic-gone = Diese Art von Ticket gibt es nicht mehr. Bitte wähle in der Postfach-Nachricht eine andere.
ticket-form-changed = Das Formular wurde geändert, während du es ausgefüllt hast. Es wurde nichts geöffnet; bitte beginne noch einmal in der Postfach-Nachricht.
ticket-form-answers-heading = Antworten auf das Formular „{ $topic }“
ticket-form-no-answer = (keine Antwort)

inbox-topics-title = **Themen von { $inbox }**
inbox-topics-none = Dieses Postfach hat noch keine Themen: Sein einer Knopf öffnet Tickets mit den Einstellungen des Postfachs. Füge ein Thema hinzu, um mehrere Arten von Tickets anzubieten; der Knopf wird zum ersten Thema.
inbox-topics-style-buttons = Als Knöpfe angezeigt (bis zu { $max }):
inbox-topics-style-select = Als Menü angezeigt (bis zu { $max }):
inbox-topics-line = { $n }. { $topic } ({ $questions ->
        [0] kein Formular
        [one] ein Formular mit einer Frage
       *[other] ein Formular mit { $questions } Fragen
    })
inbox-topics-pick-placeholder = Wähle ein Thema, um es zu ändern
inbox-topics-add-button = Thema hinzufügen
inbox-topics-to-select-button = Als Menü anzeigen
inbox-topics-to-buttons-button = Als Knöpfe anzeigen
inbox-topics-inherited = wie das Postfach
inbox-topics-own = eigene
inbox-topics-blocked-inbox-only = nur die des Postfachs
inbox-topics-topic-title = **Thema { $topic }** von { $inbox }
inbox-topics-field-destination = **Öffnet Tickets in:** { $value }
inbox-topics-field-staff = **Team:** { $value }
inbox-topics-field-name = **Ticketname:** { $value }
inbox-topics-field-starter = **Erste Nachricht:** { $value }
inbox-topics-field-max = **Offene Tickets pro Mitglied:** { $value }
inbox-topics-field-cooldown = **Wartezeit:** { $value }
inbox-topics-field-archive = **Automatisch archivieren:** { $value }
inbox-topics-field-allowed = **Rollen, die diese Tickets öffnen dürfen:** { $value }
inbox-topics-field-blocked = **Für diese Tickets gesperrte Rollen:** { $value }
inbox-topics-field-log = **Log-Kanal:** { $value }
inbox-topics-field-form = **Formular:** { $count ->
        [0] keines
        [one] eine Frage
       *[other] { $count } Fragen
    }
inbox-topics-look-button = Bearbeiten
inbox-topics-up-button = Nach oben
inbox-topics-down-button = Nach unten
inbox-topics-remove-button = Entfernen
inbox-topics-back-button = Zurück
inbox-topics-destination-placeholder = Wo seine Tickets geöffnet werden (keiner: wie das Postfach)
inbox-topics-staff-placeholder = Sein Team (niemand: das des Postfachs)
inbox-topics-templates-button = Name und erste Nachricht
inbox-topics-limits-button = Limit und Wartezeit
inbox-topics-access-button = Rollen, Log, Archiv
inbox-topics-form-button = Formular
inbox-topics-access-title = **Wer Tickets zu { $topic } öffnen darf, wo sie protokolliert und wann sie archiviert werden.** Für das Postfach gesperrte Rollen bleiben gesperrt.
inbox-topics-allowed-placeholder = Rollen, die diese Tickets öffnen dürfen (keine: wie das Postfach)
inbox-topics-blocked-placeholder = Für diese Tickets gesperrte Rollen
inbox-topics-log-placeholder = Log-Kanal (keiner: wie das Postfach)

inbox-topics-form-title = **Formular von { $topic }** (bis zu { $max } Fragen, gestellt bevor das Ticket öffnet; die Antworten werden im Ticket gepostet und nie gespeichert)
inbox-topics-form-empty = Keine Fragen: Das Ticket öffnet sofort.
inbox-topics-kind-short = kurzer Text
inbox-topics-kind-paragraph = Absatz
inbox-topics-kind-choice = Auswahl
inbox-topics-required = Pflicht
inbox-topics-optional = freiwillig
inbox-topics-question-choices = { $count ->
        [one] eine Option
       *[other] { $count } Optionen
    }
inbox-topics-question-lengths = { $min }–{ $max } Zeichen
inbox-topics-question-line = { $n }. **{ $label }** ({ $kind }, { $required }, { $detail })
inbox-topics-question-placeholder-line = Platzhalter: { $placeholder }
inbox-topics-pick-question-placeholder = Wähle eine Frage, um sie zu ändern
inbox-topics-add-short-button = Kurzer Text
inbox-topics-add-paragraph-button = Absatz
inbox-topics-add-choice-button = Auswahl
inbox-topics-remove-confirm = Das Thema { $topic } und sein Formular entfernen? Bereits daraus geöffnete Tickets bleiben offen und funktionieren weiter, mit den Einstellungen des Postfachs.

inbox-topics-add-modal-title = Neues Thema
inbox-topics-look-modal-title = Thema bearbeiten
inbox-topics-label-modal-label = Beschriftung
inbox-topics-label-modal-description = Auf dem Knopf oder im Menü, bis zu { $max } Zeichen.
inbox-topics-emoji-modal-label = Emoji (freiwillig)
inbox-topics-emoji-modal-description = Ein Emoji oder ein Server-Emoji als <:name:id>. Leer für keines.
inbox-topics-templates-modal-title = Name und erste Nachricht
inbox-topics-name-modal-label = Ticketname (leer: wie das Postfach)
inbox-topics-name-modal-description = $author, $counter, $topic, $year, $month und $day werden ersetzt.
inbox-topics-starter-modal-label = Erste Nachricht (leer: wie Postfach)
inbox-topics-starter-modal-description = $author, $staff und $topic werden ersetzt.
inbox-topics-max-tickets-modal-description = 0 bis { $max }; 0 heißt kein Limit. Leer: wie das Postfach.
inbox-topics-cooldown-modal-description = 0 bis { $max } Sekunden. Leer: wie das Postfach.
inbox-topics-short-modal-title = Frage mit kurzem Text
inbox-topics-paragraph-modal-title = Frage mit Absatz
inbox-topics-choice-modal-title = Auswahlfrage
inbox-topics-question-modal-label = Frage
inbox-topics-placeholder-modal-label = Platzhalter (freiwillig)
inbox-topics-required-modal-label = Muss sie beantwortet werden?
inbox-topics-required-yes = Ja, Pflicht
inbox-topics-required-no = Nein, freiwillig
inbox-topics-choices-modal-label = Optionen, eine pro Zeile
inbox-topics-choices-modal-description = 1 bis 25 verschiedene Optionen mit bis zu 100 Zeichen.
inbox-topics-min-modal-label = Kürzeste Antwort (freiwillig)
inbox-topics-max-modal-label = Längste Antwort (freiwillig)
inbox-topics-length-modal-description = Eine Anzahl Zeichen bis { $max }.

inbox-topics-saved-added = { $topic } hinzugefügt. Die Postfach-Nachricht zeigt es.
inbox-topics-saved-look = Beschriftung und Emoji gespeichert.
inbox-topics-saved-order = Neue Reihenfolge gespeichert.
inbox-topics-order-unchanged = Es ist schon an diesem Ende.
inbox-topics-saved-removed = { $topic } entfernt.
inbox-topics-saved-buttons = Die Postfach-Nachricht zeigt ihre Themen jetzt als Knöpfe.
inbox-topics-saved-select = Die Postfach-Nachricht zeigt ihre Themen jetzt als Menü.
inbox-topics-saved-destination = Gespeichert: Seine Tickets öffnen in { $channel }.
inbox-topics-saved-destination-inbox = Gespeichert: Seine Tickets öffnen dort, wo die des Postfachs öffnen.
inbox-topics-saved-staff = Sein Team gespeichert.
inbox-topics-saved-staff-inbox = Gespeichert: Sein Team ist das des Postfachs.
inbox-topics-saved-log-inbox = Gespeichert: Seine Tickets werden dort protokolliert, wo die des Postfachs.
inbox-topics-saved-archive = Gespeichert: { $duration }.
inbox-topics-saved-templates = Name und erste Nachricht gespeichert.
inbox-topics-saved-question-added = Frage „{ $question }“ hinzugefügt.
inbox-topics-saved-question = Frage gespeichert.
inbox-topics-saved-question-removed = Frage „{ $question }“ entfernt.
inbox-topics-message-not-updated = Gespeichert, aber die Postfach-Nachricht konnte nicht aktualisiert werden ({ $reason }). Sie zeigt die Änderung, sobald sich ein Thema das nächste Mal ändert.

inbox-topics-topic-gone = Dieses Thema gibt es nicht mehr. Es wurde nichts geändert.
inbox-topics-question-gone = Diese Frage gibt es nicht mehr. Es wurde nichts geändert.
inbox-topics-label-empty = Die Beschriftung darf nicht leer sein. Es wurde nichts gespeichert.
inbox-topics-label-too-long = Die Beschriftung darf höchstens { $max } Zeichen haben. Es wurde nichts gespeichert.
inbox-topics-emoji-invalid = Das ist kein Emoji. Verwende ein Emoji oder ein Server-Emoji in der Form <:name:id>. Es wurde nichts gespeichert.
inbox-topics-full = Dieses Postfach hat schon { $max } Themen, so viele wie seine Darstellung fasst. Es wurde nichts gespeichert.
inbox-topics-too-many-for-buttons = Knöpfe fassen höchstens { $max } Themen; entferne zuerst welche. Es wurde nichts geändert.
inbox-topics-label-too-long-for-buttons = Die Beschriftung eines Knopfs darf höchstens { $max } Zeichen haben, und „{ $label }“ ist länger; kürze sie zuerst. Es wurde nichts geändert.
inbox-topics-form-full = Ein Formular fasst höchstens { $max } Fragen. Es wurde nichts gespeichert.
inbox-topics-question-label-empty = Die Frage darf nicht leer sein. Es wurde nichts gespeichert.
inbox-topics-question-label-too-long = Die Frage darf höchstens { $max } Zeichen haben. Es wurde nichts gespeichert.
inbox-topics-question-placeholder-too-long = Der Platzhalter darf höchstens { $max } Zeichen haben. Es wurde nichts gespeichert.
inbox-topics-question-length-not-a-number = Die { $which ->
        [min] kürzeste
       *[max] längste
    } Antwort muss eine ganze Zahl bis { $max } sein. Es wurde nichts gespeichert.
inbox-topics-question-length-order = Die kürzeste Antwort darf nicht länger sein als die längste. Es wurde nichts gespeichert.
inbox-topics-question-no-choices = Eine Auswahl braucht mindestens eine Option. Es wurde nichts gespeichert.
inbox-topics-question-too-many-choices = Eine Auswahl fasst höchstens { $max } Optionen, und du hast { $count } angegeben. Es wurde nichts gespeichert.
inbox-topics-question-choice-too-long = Die Option „{ $choice }“ ist länger als { $max } Zeichen. Es wurde nichts gespeichert.
inbox-topics-question-choice-repeated = Die Option „{ $choice }“ steht zweimal da. Es wurde nichts gespeichert.
ticket-form-answers-lost = Deine Antworten konnte ich dort nicht posten, und sie wurden nicht aufbewahrt: Bitte schreibe sie ins Ticket.
