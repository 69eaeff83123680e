-- Reserved: migration 10 is the topics and intake forms migration of the parallel topics work.
-- This placeholder keeps the numbering without gaps until that work is merged, and is
-- then replaced by it.
SELECT 1;
