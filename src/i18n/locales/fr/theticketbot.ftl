### theticketbot — Français.
### La source est en-US/theticketbot.ftl : chaque message y décrit ses variables et ses
### règles (longueurs, noms de commandes en minuscules). Comme l'interface française de
### Discord, ce fichier tutoie l'utilisateur.

## Commandes d'application

cmd-inbox-name = boîte-de-réception
cmd-inbox-description = Configurer et gérer les boîtes de réception de tickets.

cmd-inbox-create-name = créer
cmd-inbox-create-description = Transformer un message en nouvelle boîte de réception.
cmd-inbox-create-channel-name = salon
cmd-inbox-create-channel-description = Le salon où publier la boîte de réception.
cmd-inbox-create-destination-name = destination
cmd-inbox-create-destination-description = Le salon où ouvrir les nouveaux tickets (par défaut, celui de la boîte de réception).

cmd-inbox-destination-name = destination
cmd-inbox-destination-description = Changer le salon où une boîte de réception ouvre ses tickets.
cmd-inbox-destination-channel-name = salon
cmd-inbox-destination-channel-description = Le salon où ouvrir les nouveaux tickets.

cmd-inbox-message-name = message
cmd-inbox-message-description = Remplacer le message affiché par une boîte de réception.

cmd-inbox-staff-name = équipe
cmd-inbox-staff-description = Choisir les rôles et membres ajoutés aux tickets d'une boîte de réception.

cmd-inbox-new-tickets-name = nouveaux-tickets
cmd-inbox-new-tickets-description = Réglages des tickets ouverts par une boîte de réception.

cmd-inbox-new-tickets-starter-name = message-initial
cmd-inbox-new-tickets-starter-description = Modifier le premier message publié dans les nouveaux tickets.

cmd-inbox-new-tickets-name-name = nom
cmd-inbox-new-tickets-name-description = Modifier la façon dont les nouveaux tickets sont nommés.

menu-select-message-name = Sélectionner ce message

## Sélection d'un message

select-message-for-new-inbox =
    Ta boîte de réception sera publiée dans { $channel }. Choisis maintenant le message qu'elle doit afficher : fais un clic droit dessus (ou un appui long sur mobile), ouvre **Applications** puis choisis **{ menu-select-message-name }**.

select-inbox-to-edit =
    Choisis la boîte de réception à modifier : fais un clic droit sur son message (ou un appui long sur mobile), ouvre **Applications** puis choisis **{ menu-select-message-name }**.

select-message-for-inbox =
    Choisis maintenant de la même façon, avec **{ menu-select-message-name }**, le message à copier dans { $inbox }

select-expired = Cette sélection a expiré. Relance la commande, puis sélectionne le message.

select-nothing-pending = Il n'y a rien à sélectionner pour l'instant. Lance d'abord une commande qui demande un message.

select-not-an-inbox = { $message } n'est pas une boîte de réception. Choisis un message qui a un bouton **{ inbox-button }** en dessous.

select-inbox-unrecognised = { $message } n'est plus reconnu comme boîte de réception. Recrée-la avec /{ cmd-inbox-name } { cmd-inbox-create-name }.

## Permissions

permissions-missing = J'ai besoin de ces permissions dans { $channel } : { $permissions }

permission-view-channel = Voir le salon
permission-send-messages = Envoyer des messages
permission-send-messages-in-threads = Envoyer des messages dans les fils
permission-create-public-threads = Créer des fils publics
permission-create-private-threads = Créer des fils privés
permission-embed-links = Intégrer des liens
permission-attach-files = Joindre des fichiers
permission-add-reactions = Ajouter des réactions
permission-use-external-emojis = Utiliser des émojis externes
permission-mention-everyone = Mentionner @everyone, @here et tous les rôles
permission-manage-messages = Gérer les messages
permission-manage-threads = Gérer les fils
permission-read-message-history = Voir les anciens messages
permission-manage-channels = Gérer le salon
permission-manage-roles = Gérer les permissions

## Gestion des boîtes de réception

inbox-button = Créer un ticket

# $author et $staff restent tels quels (sans accolades) : le bot les remplace.
inbox-starter-default =
    $author merci d'avoir ouvert un ticket ! Explique-nous ce dont tu as besoin, quelqu'un va bientôt te répondre.
    $staff

inbox-attachments-too-large =
    Les pièces jointes de ce message sont trop volumineuses pour être copiées ({ BYTES($actual) }). Au total, elles ne doivent pas dépasser { BYTES($size) }.

inbox-created = Ta boîte de réception est prête : { $link }

inbox-post-not-confirmed = Discord n'a pas confirmé la publication du message de la boîte de réception dans { $channel }. S'il y apparaît, supprime-le, puis choisis à nouveau ton message.

inbox-announcement-needs-destination = Les tickets ne peuvent pas s'ouvrir dans un salon d'annonces comme { $channel }. Relance la commande avec un salon textuel comme `{ cmd-inbox-create-destination-name }`, où ils s'ouvriront.

inbox-message-empty = Ce message n'a ni texte, ni image, ni embed à copier. Choisis un autre message.

inbox-gone = Cette boîte de réception n'existe plus. Crées-en une nouvelle avec /{ cmd-inbox-name } { cmd-inbox-create-name }.

inbox-message-same-as-inbox = Une boîte de réception ne peut pas copier son propre message. Choisis un autre message.

inbox-message-updated = Le message de la boîte de réception a été mis à jour : { $inbox }

inbox-destination-unchanged = Les nouveaux tickets de { $inbox } s'ouvrent déjà dans { $destination }, rien ne change donc.

inbox-destination-changed = Les nouveaux tickets de { $inbox } s'ouvriront désormais dans { $new } au lieu de { $old }.

inbox-staff-prompt = Choisis qui sera ajouté à chaque nouveau ticket de { $inbox }

inbox-staff-placeholder = Choisir des rôles et des membres (10 au maximum)

inbox-staff-updated =
    Équipe mise à jour : { $added ->
        [one] { $added } ajout
       *[other] { $added } ajouts
    }, { $removed ->
        [one] { $removed } retrait
       *[other] { $removed } retraits
    }.

inbox-staff-unchanged = Tu n'as rien modifié : l'équipe reste la même.

inbox-starter-modal-title = Premier message des nouveaux tickets
inbox-starter-modal-label = Message ($author = auteur, $staff = équipe)

inbox-starter-saved = Les nouveaux tickets de { $inbox } commenceront désormais par le nouveau message.

inbox-name-modal-title = Nom des nouveaux tickets
inbox-name-modal-label = Nom ($year $month $day $author $counter)

inbox-name-saved = Les nouveaux tickets de { $inbox } seront désormais nommés d'après le nouveau modèle.

## Ouverture d'un ticket

ticket-inbox-unknown = Cette boîte de réception n'est plus reconnue. Préviens un administrateur du serveur pour qu'il la configure à nouveau.

ticket-limit-reached = Tu as atteint la limite de tickets ouverts pour cette boîte de réception. Termine d'abord ton dernier ticket : { $link }

ticket-cooldown =
    Tu ouvres des tickets trop vite. Réessaie dans { $seconds ->
        [one] { $seconds } seconde.
       *[other] { $seconds } secondes.
    }

ticket-creating = Ouverture de ton ticket…

ticket-ready = Ton ticket est prêt : { $link }

ticket-audit-created = Ticket ouvert par { $user }

ticket-missing-permissions = Il me manque les permissions nécessaires pour ouvrir un ticket ici. Préviens un administrateur du serveur.

ticket-member-cannot-view = Tu ne peux pas voir { $channel }, où cette boîte de réception ouvre ses tickets : tu ne pourrais donc pas ouvrir le tien. Préviens un administrateur du serveur.

ticket-member-timed-out = Tu es exclu temporairement de ce serveur : tu ne pourrais donc pas écrire dans un ticket. Réessaie { $until }.

ticket-create-failed = Discord n'a pas confirmé l'ouverture de ton ticket. Réessaie dans un instant.

ticket-outcome-unknown = Je ne sais pas encore si Discord a ouvert ton ticket. Patiente un instant : s'il a été ouvert, le lien apparaîtra ici.

ticket-still-checking = Je vérifie encore auprès de Discord si ton dernier ticket a été ouvert. Patiente un instant, puis réessaie.

ticket-database-unavailable = Je n'ai pas pu enregistrer ton ticket, car ma base de données est inaccessible en écriture pour le moment. Préviens un administrateur du serveur.

inbox-manage-server-needed = Il te faut la permission **Gérer le serveur** pour modifier les boîtes de réception, donc rien n'a été enregistré.

interaction-invalid = Cette demande n'avait pas l'air correcte, donc je n'ai rien modifié. Réessaie.

error-guild-only = Cela ne fonctionne que sur un serveur.

ticket-audit-abandoned = Le ticket n'a pas pu être préparé

## Entretien automatique des tickets

ticket-owner-left-thread = { $owner } a quitté ce ticket, il est donc archivé.

ticket-owner-left-server = { $owner } a quitté le serveur, ce ticket est donc archivé.

ticket-locked-notice = Ce ticket a été archivé et il est maintenant verrouillé : seuls les modérateurs peuvent le rouvrir.

ticket-audit-owner-left-thread = L'auteur du ticket a quitté le fil
ticket-audit-owner-left-server = L'auteur du ticket a quitté le serveur
ticket-audit-locked = Verrouillage d'un ticket archivé

## Commandes textuelles réservées au propriétaire du bot

owner-sync-done =
    { $commands ->
        [one] { $commands } commande synchronisée
       *[other] { $commands } commandes synchronisées
    } globalement, avec { $localizations ->
        [one] { $localizations } traduction.
       *[other] { $localizations } traductions.
    }

owner-sync-guild-done =
    { $commands ->
        [one] { $commands } commande synchronisée
       *[other] { $commands } commandes synchronisées
    } pour le serveur { $guild }, avec { $localizations ->
        [one] { $localizations } traduction.
       *[other] { $localizations } traductions.
    }

owner-reload-config-done = Le fichier de configuration a été rechargé.

owner-reload-config-failed = Impossible de recharger la configuration, l'ancienne reste en vigueur. Le journal du bot indique ce qui ne va pas dans le fichier.

owner-sync-not-a-guild-id = { $value } n'est pas un identifiant de serveur. Écris `sync` seul pour enregistrer les commandes partout, ou suivi de l'identifiant d'un serveur (clic droit sur le serveur, puis Copier l'identifiant du serveur).

owner-sync-refused = Discord a refusé d'enregistrer les commandes ({ $reason }). Le journal du bot donne les détails.

owner-sync-guild-refused = Discord a refusé d'enregistrer les commandes pour le serveur { $guild } ({ $reason }). Le journal du bot donne les détails.

owner-unknown-command =
    Je ne connais que ces commandes : `sync` (suivie éventuellement d'un identifiant de serveur) et `reload-config`. Mentionne-moi, puis écris la commande.

## Erreurs

error-unexpected =
    Une erreur inattendue s'est produite (code d'erreur { $code }). Si cela se reproduit, préviens { $owner }.

error-unknown-interaction = Je ne reconnais plus cette commande ou ce bouton. Il provient peut-être d'une ancienne version du bot.

database-unavailable = Je n'ai pas pu enregistrer cela, car ma base de données est inaccessible en écriture pour le moment. Réessaie plus tard, ou préviens la personne qui héberge le bot.
