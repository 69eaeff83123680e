-- The ticket name placeholder $name (also written ${name}) was renamed to $author.
UPDATE inbox
SET default_ticket_name = replace(
    replace(default_ticket_name, '${name}', '${author}'),
    '$name', '$author'
);
