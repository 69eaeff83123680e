-- Bot-wide key/value pairs (for example the fingerprint of the registered commands).
CREATE TABLE setting (name TEXT PRIMARY KEY, value);
