-- Deleting a user or a channel looks these columns up to apply SET NULL.
CREATE INDEX ix_ticket_owner ON ticket (owner_id);
CREATE INDEX ix_inbox_destination ON inbox (destination_id);
