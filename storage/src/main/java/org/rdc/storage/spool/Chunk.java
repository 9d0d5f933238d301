package org.rdc.storage.spool;

/** Where one DATA frame's payload lies. */
record Chunk(Segment segment, long offset, int length) {
}
