-- Where an inbox opens its tickets, when not in the inbox's own channel.
ALTER TABLE inbox ADD COLUMN destination_id INTEGER REFERENCES channel (id) ON DELETE SET NULL;
