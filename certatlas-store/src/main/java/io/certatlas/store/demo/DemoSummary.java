package io.certatlas.store.demo;

import java.time.Duration;

/** What {@link DemoInventory#fill} wrote. */
public record DemoSummary(int certificates, int assets, int instances, int findings, int tags,
                          int wildcardAssets, Duration elapsed) {
}
