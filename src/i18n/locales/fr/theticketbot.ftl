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

cmd-inbox-settings-name = réglages
cmd-inbox-settings-description = Voir et modifier les limites, rôles et salon de journal d'une boîte de réception.

cmd-inbox-new-tickets-name = nouveaux-tickets
cmd-inbox-new-tickets-description = Réglages des tickets ouverts par une boîte de réception.

cmd-inbox-new-tickets-starter-name = message-initial
cmd-inbox-new-tickets-starter-description = Modifier le premier message publié dans les nouveaux tickets.

cmd-inbox-new-tickets-name-name = nom
cmd-inbox-new-tickets-name-description = Modifier la façon dont les nouveaux tickets sont nommés.

menu-select-message-name = Sélectionner ce message

cmd-ticket-name = ticket
cmd-ticket-description = Fermer, prendre en charge, renommer un ticket et plus.

cmd-ticket-close-name = fermer
cmd-ticket-close-description = Fermer un ticket.
cmd-ticket-close-reason-name = raison
cmd-ticket-close-reason-description = Pourquoi il est fermé (publié dans le ticket).
cmd-ticket-close-ticket-name = ticket
cmd-ticket-close-ticket-description = Le ticket (par défaut, celui où tu te trouves).

cmd-ticket-reopen-name = rouvrir
cmd-ticket-reopen-description = Rouvrir un ticket fermé.
cmd-ticket-reopen-ticket-name = ticket
cmd-ticket-reopen-ticket-description = Le ticket (par défaut, celui où tu te trouves).

cmd-ticket-claim-name = prendre
cmd-ticket-claim-description = Prendre un ticket en charge.
cmd-ticket-claim-ticket-name = ticket
cmd-ticket-claim-ticket-description = Le ticket (par défaut, celui où tu te trouves).

cmd-ticket-unclaim-name = rendre
cmd-ticket-unclaim-description = Ne plus prendre en charge un ticket.

cmd-ticket-rename-name = renommer
cmd-ticket-rename-description = Renommer ce ticket.
cmd-ticket-rename-name-name = nom
cmd-ticket-rename-name-description = Le nouveau nom.

cmd-ticket-add-name = ajouter
cmd-ticket-add-description = Ajouter quelqu'un à ce ticket.
cmd-ticket-add-member-name = membre
cmd-ticket-add-member-description = Qui ajouter.

cmd-ticket-remove-name = retirer
cmd-ticket-remove-description = Retirer quelqu'un de ce ticket (retirer son auteur le ferme).
cmd-ticket-remove-member-name = membre
cmd-ticket-remove-member-description = Qui retirer.

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

## Réglages d'une boîte de réception (/boîte-de-réception réglages)

inbox-settings-title = Réglages de { $inbox }
inbox-settings-max-tickets = **Tickets ouverts par membre :** { $count }
inbox-settings-max-tickets-none = **Tickets ouverts par membre :** sans limite
inbox-settings-cooldown = **Délai entre deux tickets d'un membre :** { $seconds } s
inbox-settings-cooldown-slowmode = **Délai entre deux tickets d'un membre :** { $seconds } s, mais le mode lent du salon, { $slowmode } s, s'applique
inbox-settings-auto-archive = **Les nouveaux tickets quittent la liste des salons après :** { $duration } sans activité
inbox-settings-allowed = **Rôles pouvant ouvrir des tickets :** { $roles }
inbox-settings-allowed-everyone = **Rôles pouvant ouvrir des tickets :** tout le monde
inbox-settings-blocked = **Rôles ne pouvant jamais ouvrir de tickets :** { $roles }
inbox-settings-blocked-none = **Rôles ne pouvant jamais ouvrir de tickets :** aucun
inbox-settings-log = **Salon de journal :** { $channel }
inbox-settings-log-none = **Salon de journal :** aucun

inbox-settings-allowed-placeholder = Rôles pouvant ouvrir des tickets (aucun choisi : tout le monde)
inbox-settings-blocked-placeholder = Rôles ne pouvant jamais ouvrir de tickets
inbox-settings-log-placeholder = Salon de journal des tickets (aucun choisi : pas de journal)
inbox-settings-archive-placeholder = Quand les nouveaux tickets quittent la liste des salons
inbox-settings-limits-button = Modifier la limite et le délai

auto-archive-channel = le réglage par défaut du salon
auto-archive-60 = 1 heure
auto-archive-1440 = 24 heures
auto-archive-4320 = 3 jours
auto-archive-10080 = 1 semaine

inbox-settings-limits-modal-title = Limite et délai
inbox-settings-max-tickets-modal-label = Tickets ouverts par membre
inbox-settings-max-tickets-modal-description = Un nombre entier de 0 à { $max } ; 0 signifie sans limite.
inbox-settings-cooldown-modal-label = Délai en secondes
inbox-settings-cooldown-modal-description = De 0 à { $max }. Le mode lent du salon s'applique s'il est plus long.

inbox-settings-invalid-number = **{ $field }** doit être un nombre entier de { $min } à { $max }. Rien n'a été enregistré.

inbox-settings-saved-allowed = Les rôles pouvant ouvrir des tickets sont enregistrés.
inbox-settings-saved-blocked = Les rôles ne pouvant jamais ouvrir de tickets sont enregistrés.
inbox-settings-saved-log = Enregistré : les évènements des tickets seront notés dans { $channel }.
inbox-settings-saved-log-off = Enregistré : les évènements des tickets ne sont plus notés.
inbox-settings-saved-archive = Enregistré : les nouveaux tickets quittent la liste des salons après { $duration } sans activité.
inbox-settings-saved-limits = La limite et le délai sont enregistrés.
inbox-settings-saved-limits-slowmode = La limite et le délai sont enregistrés. Le mode lent du salon, { $slowmode } s, est plus long que ce délai : les membres attendent donc toujours { $slowmode } s entre deux tickets.

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

ticket-role-blocked = Tu ne peux pas ouvrir de ticket dans cette boîte de réception.

ticket-role-not-allowed = Seuls les membres ayant certains rôles peuvent ouvrir un ticket dans cette boîte de réception.

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

## Suivi des tickets : les boutons, /ticket et leurs réponses

ticket-card-close-button = Fermer
ticket-card-claim-button = Prendre en charge
ticket-card-unclaim-button = Ne plus prendre en charge
ticket-card-claimed = Pris en charge par { $user }

ticket-not-a-ticket = Ce n'est pas un ticket. Utilise ceci dans un ticket, ou choisis-en un avec l'option `ticket`.

ticket-owner-or-staff-only = Seuls l'auteur de ce ticket et son équipe peuvent le fermer.
ticket-staff-only = Seule l'équipe de ce ticket peut faire cela.

ticket-close-modal-title = Fermer ce ticket
ticket-close-modal-label = Raison (facultative)
ticket-close-modal-description = Publiée dans le ticket pour tous ceux qui y sont ; conservée nulle part ailleurs.

ticket-closed-reply = Le ticket est fermé.
ticket-already-closed = Ce ticket est déjà fermé.

ticket-closed-notice = { $user } a fermé ce ticket.
ticket-closed-notice-reason =
    { $user } a fermé ce ticket.
    Raison : { $reason }
ticket-owner-removed-notice = { $user } a retiré { $owner } de ce ticket, il est donc archivé.
ticket-reopened-notice = { $user } a rouvert ce ticket.

ticket-audit-closed = Ticket fermé par { $user }
ticket-audit-owner-removed = Auteur du ticket retiré par { $user }
ticket-audit-reopened = Ticket rouvert par { $user }
ticket-audit-renamed = Ticket renommé par { $user }

ticket-already-open = Ce ticket est déjà ouvert.
ticket-reopened-reply = Le ticket est de nouveau ouvert : { $link }

ticket-closed-reopen-first = Ce ticket est fermé. Rouvre-le d'abord avec /{ cmd-ticket-name } { cmd-ticket-reopen-name }.
ticket-claimed-reply = Tu as pris ce ticket en charge.
ticket-unclaimed-reply = Plus personne ne prend ce ticket en charge.
ticket-already-yours = Tu as déjà pris ce ticket en charge.
ticket-already-claimed = { $user } a déjà pris ce ticket en charge. Qu'il le rende d'abord si tu veux le reprendre.
ticket-not-claimed = Personne n'a pris ce ticket en charge.
ticket-claim-changed = Quelqu'un vient de modifier la prise en charge de ce ticket. Réessaie.
ticket-claim-no-card = Je n'ai pas pu l'indiquer dans le premier message du ticket.

ticket-rename-empty = Le nom d'un ticket ne peut pas être vide.
ticket-rename-unchanged = Ce ticket s'appelle déjà { $name }.
ticket-renamed-reply = Le ticket s'appelle maintenant { $name }.
ticket-rename-rate-limited =
    Discord ne permet que deux changements de nom d'un ticket toutes les dix minutes. Réessaie { $when } ({ $seconds ->
        [one] une seconde
       *[other] { $seconds } secondes
    }).

ticket-member-added = { $user } peut maintenant voir ce ticket.
ticket-member-removed = { $user } a été retiré de ce ticket.
ticket-member-not-in-server = { $user } n'est pas membre de ce serveur.
ticket-add-cannot-view = { $user } ne peut pas voir { $channel }, ni donc ce ticket. Autorise-le d'abord à voir ce salon.
ticket-remove-bot = Je dois rester dans le ticket pour m'en occuper.
ticket-owner-removed-reply = Tu as retiré { $user }, l'auteur de ce ticket : il est donc fermé.

## Salon de journal (une ligne par évènement, sans mention)

log-opened = { $ticket } ouvert par { $user }
log-claimed = { $ticket } pris en charge par { $user }
log-unclaimed = { $ticket } rendu par { $user }
log-closed = { $ticket } fermé par { $user }
log-closed-reason = { $ticket } fermé par { $user } : { $reason }
log-reopened = { $ticket } rouvert par { $user }
log-reopened-by-discord = { $ticket } rouvert
log-owner-left-thread = { $ticket } fermé : { $owner } a quitté le ticket
log-owner-left-server = { $ticket } fermé : { $owner } a quitté le serveur
log-owner-removed = { $ticket } fermé : { $user } a retiré { $owner }
log-renamed = { $ticket } renommé par { $user } en { $new }
log-renamed-from = { $ticket } renommé par { $user } : { $old } → { $new }

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

## Sujets et formulaires (SPEC §11)

cmd-inbox-topics-name = sujets
cmd-inbox-topics-description = Voir et modifier les sujets d'une boîte de réception et leurs formulaires.

inbox-topics-menu-placeholder = De quoi parle votre ticket ?
ticket-topic-gone = Ce type de ticket n'existe plus. Choisissez-en un autre sur le message de la boîte de réception.
ticket-form-changed = Le formulaire a changé pendant que vous le remplissiez. Rien n'a été ouvert ; recommencez depuis le message de la boîte de réception.
ticket-form-answers-heading = Réponses au formulaire « { $topic } »
ticket-form-no-answer = (pas de réponse)

inbox-topics-title = **Sujets de { $inbox }**
inbox-topics-none = Cette boîte de réception n'a pas encore de sujets : son unique bouton ouvre des tickets avec ses réglages. Ajoutez un sujet pour proposer plusieurs types de tickets ; le bouton devient le premier sujet.
inbox-topics-style-buttons = Affichés en boutons (jusqu'à { $max }) :
inbox-topics-style-select = Affichés en menu (jusqu'à { $max }) :
inbox-topics-line = { $n }. { $topic } ({ $questions ->
        [0] pas de formulaire
        [one] un formulaire d'une question
       *[other] un formulaire de { $questions } questions
    })
inbox-topics-pick-placeholder = Choisissez un sujet pour le modifier
inbox-topics-add-button = Ajouter un sujet
inbox-topics-to-select-button = Afficher en menu
inbox-topics-to-buttons-button = Afficher en boutons
inbox-topics-inherited = comme la boîte de réception
inbox-topics-own = le sien
inbox-topics-blocked-inbox-only = seulement ceux de la boîte
inbox-topics-topic-title = **Sujet { $topic }** de { $inbox }
inbox-topics-field-destination = **Ouvre les tickets dans :** { $value }
inbox-topics-field-staff = **Équipe :** { $value }
inbox-topics-field-name = **Nom des tickets :** { $value }
inbox-topics-field-starter = **Premier message :** { $value }
inbox-topics-field-max = **Tickets ouverts par membre :** { $value }
inbox-topics-field-cooldown = **Délai :** { $value }
inbox-topics-field-archive = **Archivage automatique :** { $value }
inbox-topics-field-allowed = **Rôles qui peuvent ouvrir ces tickets :** { $value }
inbox-topics-field-blocked = **Rôles exclus de ces tickets :** { $value }
inbox-topics-field-log = **Salon de journal :** { $value }
inbox-topics-field-form = **Formulaire :** { $count ->
        [0] aucun
        [one] une question
       *[other] { $count } questions
    }
inbox-topics-look-button = Modifier
inbox-topics-up-button = Monter
inbox-topics-down-button = Descendre
inbox-topics-remove-button = Supprimer
inbox-topics-back-button = Retour
inbox-topics-destination-placeholder = Où ses tickets s'ouvrent (aucun : comme la boîte)
inbox-topics-staff-placeholder = Son équipe (personne : celle de la boîte)
inbox-topics-templates-button = Nom et premier message
inbox-topics-limits-button = Limite et délai
inbox-topics-access-button = Rôles, journal, archivage
inbox-topics-form-button = Formulaire
inbox-topics-access-title = **Qui peut ouvrir des tickets { $topic }, où ils sont journalisés et quand ils sont archivés.** Les rôles exclus de la boîte de réception le restent.
inbox-topics-allowed-placeholder = Rôles qui peuvent ouvrir ces tickets (aucun : comme la boîte)
inbox-topics-blocked-placeholder = Rôles exclus de ces tickets
inbox-topics-log-placeholder = Salon de journal (aucun : comme la boîte)

inbox-topics-form-title = **Formulaire de { $topic }** (jusqu'à { $max } questions, posées avant l'ouverture du ticket ; les réponses sont publiées dans le ticket et jamais enregistrées)
inbox-topics-form-empty = Aucune question : le ticket s'ouvre tout de suite.
inbox-topics-kind-short = texte court
inbox-topics-kind-paragraph = paragraphe
inbox-topics-kind-choice = choix
inbox-topics-required = obligatoire
inbox-topics-optional = facultative
inbox-topics-question-choices = { $count ->
        [one] une option
       *[other] { $count } options
    }
inbox-topics-question-lengths = { $min } à { $max } caractères
inbox-topics-question-line = { $n }. **{ $label }** ({ $kind }, { $required }, { $detail })
inbox-topics-question-placeholder-line = Texte indicatif : { $placeholder }
inbox-topics-pick-question-placeholder = Choisissez une question pour la modifier
inbox-topics-add-short-button = Texte court
inbox-topics-add-paragraph-button = Paragraphe
inbox-topics-add-choice-button = Choix
inbox-topics-remove-confirm = Supprimer le sujet { $topic } et son formulaire ? Les tickets déjà ouverts depuis ce sujet restent ouverts et fonctionnent toujours, avec les réglages de la boîte de réception.

inbox-topics-add-modal-title = Nouveau sujet
inbox-topics-look-modal-title = Modifier le sujet
inbox-topics-label-modal-label = Libellé
inbox-topics-label-modal-description = Sur le bouton ou dans le menu, { $max } caractères au plus.
inbox-topics-emoji-modal-label = Emoji (facultatif)
inbox-topics-emoji-modal-description = Un emoji, ou un emoji du serveur écrit <:nom:id>. Vide pour aucun.
inbox-topics-templates-modal-title = Nom et premier message
inbox-topics-name-modal-label = Nom du ticket (vide : comme la boîte)
inbox-topics-name-modal-description = $author, $counter, $topic, $year, $month et $day sont remplacés.
inbox-topics-starter-modal-label = Premier message (vide : comme la boîte)
inbox-topics-starter-modal-description = $author, $staff et $topic sont remplacés.
inbox-topics-max-tickets-modal-description = 0 à { $max } ; 0 veut dire sans limite. Vide : comme la boîte.
inbox-topics-cooldown-modal-description = 0 à { $max } secondes. Vide : comme la boîte.
inbox-topics-short-modal-title = Question à texte court
inbox-topics-paragraph-modal-title = Question à paragraphe
inbox-topics-choice-modal-title = Question à choix
inbox-topics-question-modal-label = Question
inbox-topics-placeholder-modal-label = Texte indicatif (facultatif)
inbox-topics-required-modal-label = Réponse obligatoire ?
inbox-topics-required-yes = Oui, obligatoire
inbox-topics-required-no = Non, facultative
inbox-topics-choices-modal-label = Options, une par ligne
inbox-topics-choices-modal-description = De 1 à 25 options différentes de 100 caractères au plus.
inbox-topics-min-modal-label = Réponse la plus courte (facultatif)
inbox-topics-max-modal-label = Réponse la plus longue (facultatif)
inbox-topics-length-modal-description = Un nombre de caractères jusqu'à { $max }.

inbox-topics-saved-added = { $topic } ajouté. Le message de la boîte de réception l'affiche.
inbox-topics-saved-look = Libellé et emoji enregistrés.
inbox-topics-saved-order = Nouvel ordre enregistré.
inbox-topics-order-unchanged = Il est déjà à cette extrémité.
inbox-topics-saved-removed = { $topic } supprimé.
inbox-topics-saved-buttons = Le message de la boîte de réception affiche maintenant ses sujets en boutons.
inbox-topics-saved-select = Le message de la boîte de réception affiche maintenant ses sujets en menu.
inbox-topics-saved-destination = Enregistré : ses tickets s'ouvrent dans { $channel }.
inbox-topics-saved-destination-inbox = Enregistré : ses tickets s'ouvrent là où s'ouvrent ceux de la boîte.
inbox-topics-saved-staff = Son équipe est enregistrée.
inbox-topics-saved-staff-inbox = Enregistré : son équipe est celle de la boîte.
inbox-topics-saved-log-inbox = Enregistré : ses tickets sont journalisés comme ceux de la boîte.
inbox-topics-saved-archive = Enregistré : { $duration }.
inbox-topics-saved-templates = Nom et premier message enregistrés.
inbox-topics-saved-question-added = Question « { $question } » ajoutée.
inbox-topics-saved-question = Question enregistrée.
inbox-topics-saved-question-removed = Question « { $question } » supprimée.
inbox-topics-message-not-updated = Enregistré, mais le message de la boîte de réception n'a pas pu être mis à jour ({ $reason }). Il affichera le changement à la prochaine modification d'un sujet.

inbox-topics-topic-gone = Ce sujet n'existe plus. Rien n'a été modifié.
inbox-topics-question-gone = Cette question n'existe plus. Rien n'a été modifié.
inbox-topics-label-empty = Le libellé ne peut pas être vide. Rien n'a été enregistré.
inbox-topics-label-too-long = Le libellé peut compter { $max } caractères au plus. Rien n'a été enregistré.
inbox-topics-emoji-invalid = Ce n'est pas un emoji. Utilisez un emoji, ou un emoji du serveur écrit <:nom:id>. Rien n'a été enregistré.
inbox-topics-full = Cette boîte de réception a déjà { $max } sujets, le maximum de son affichage. Rien n'a été enregistré.
inbox-topics-too-many-for-buttons = Les boutons tiennent { $max } sujets au plus ; supprimez-en d'abord. Rien n'a été modifié.
inbox-topics-label-too-long-for-buttons = Le libellé d'un bouton peut compter { $max } caractères au plus, et « { $label } » est plus long ; raccourcissez-le d'abord. Rien n'a été modifié.
inbox-topics-form-full = Un formulaire tient { $max } questions au plus. Rien n'a été enregistré.
inbox-topics-question-label-empty = La question ne peut pas être vide. Rien n'a été enregistré.
inbox-topics-question-label-too-long = La question peut compter { $max } caractères au plus. Rien n'a été enregistré.
inbox-topics-question-placeholder-too-long = Le texte indicatif peut compter { $max } caractères au plus. Rien n'a été enregistré.
inbox-topics-question-length-not-a-number = La réponse la plus { $which ->
        [min] courte
       *[max] longue
    } doit être un nombre entier jusqu'à { $max }. Rien n'a été enregistré.
inbox-topics-question-length-order = La réponse la plus courte ne peut pas dépasser la plus longue. Rien n'a été enregistré.
inbox-topics-question-no-choices = Un choix demande au moins une option. Rien n'a été enregistré.
inbox-topics-question-too-many-choices = Un choix tient { $max } options au plus, et vous en avez donné { $count }. Rien n'a été enregistré.
inbox-topics-question-choice-too-long = L'option « { $choice } » dépasse { $max } caractères. Rien n'a été enregistré.
inbox-topics-question-choice-repeated = L'option « { $choice } » apparaît deux fois. Rien n'a été enregistré.
ticket-form-answers-lost = Je n'ai pas pu y publier vos réponses, et elles n'ont pas été gardées : écrivez-les dans le ticket.
