-- The sender's priority marking as received (Requested Procedure Priority (0040,1003), else
-- Study Priority ID (0032,000C)): the first instance of the study that carries one sets it.
ALTER TABLE study ADD COLUMN requested_priority VARCHAR(64);
