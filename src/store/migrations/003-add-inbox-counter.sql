-- Numbers the tickets an inbox has opened, for the $counter placeholder.
ALTER TABLE inbox ADD COLUMN counter INTEGER NOT NULL DEFAULT 0;
