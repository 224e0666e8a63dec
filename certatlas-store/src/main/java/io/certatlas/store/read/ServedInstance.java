package io.certatlas.store.read;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A host instance as v2's instance list shows it: the endpoint, the asset it belongs to, the leaf
 * certificate it serves now and its grade summary as recorded (JSON; empty when not graded).
 */
public record ServedInstance(
        long id,
        int port,
        String protocol,
        String service,
        String grade,
        String gradeWithTrustIgnored,
        Instant scanned,
        long assetId,
        UUID assetUuid,
        String assetName,
        String assetPrimaryIp,
        long certificateId,
        String certhash,
        String certificateName,
        Instant certificateLastFound,
        Optional<String> gradeSummaryJson) {
}
