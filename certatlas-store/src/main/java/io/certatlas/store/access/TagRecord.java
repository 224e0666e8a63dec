package io.certatlas.store.access;

import java.time.Instant;
import java.util.UUID;

/** A tag and how many assets carry it. */
public record TagRecord(long id, UUID uuid, String name, long assetCount, Instant created) {}
