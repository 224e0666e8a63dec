package io.certatlas.scan.target;

import java.io.IOException;
import java.math.BigInteger;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What a scan will knock on: address blocks (each with the SNI name it was reached by, when it
 * was a host name) times a port list, minus exclusions. Endpoints are generated lazily, port by
 * port, so that consecutive endpoints are on different hosts and the per-host cap rarely stalls
 * the scan.
 *
 * @param hosts           the address blocks to scan, each with the name it came from
 * @param ports           the ports to try on every address
 * @param exclusions      blocks never to touch
 * @param unresolvedNames host names that did not resolve (reported, not scanned)
 */
public record ScanPlan(List<PlannedHost> hosts, PortList ports, List<AddressBlock> exclusions, List<String> unresolvedNames) {

    /** Plans larger than this are refused unless forced. */
    public static final long DEFAULT_ENDPOINT_LIMIT = 1_000_000L;

    /** Plans over more addresses than a /16 are refused unless forced: a typo in a prefix length costs no scan of a /8. */
    public static final long DEFAULT_ADDRESS_LIMIT = 65_536L;

    /**
     * An address block and the host name it was reached by, which is sent as SNI; with the one
     * port and the protocol its target named ({@code smtp://mail:2525}), when it named them.
     */
    public record PlannedHost(AddressBlock block, Optional<String> serverName, Optional<Integer> port, Optional<Scheme> scheme) {
        public PlannedHost {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(serverName, "serverName");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(scheme, "scheme");
        }

        public PlannedHost(AddressBlock block, Optional<String> serverName) {
            this(block, serverName, Optional.empty(), Optional.empty());
        }
    }

    public ScanPlan {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(ports, "ports");
        exclusions = List.copyOf(exclusions);
        unresolvedNames = List.copyOf(unresolvedNames);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Why the plan has nothing to scan, when it has nothing: no target resolves, or the exclusions
     * remove every address. A run over nothing is not "scanned, nothing found", and every runner
     * (the command, a server's job, an agent) says so in these words.
     */
    public Optional<String> nothingToScan() {
        if (size().signum() > 0) {
            return Optional.empty();
        }
        return Optional.of(unresolvedNames.isEmpty() ? "the exclusions remove every address of the targets"
                : "no target resolves (" + String.join(", ", unresolvedNames) + ")");
    }

    /** How many endpoints {@link #endpoints()} yields. */
    public BigInteger size() {
        BigInteger endpoints = BigInteger.ZERO;
        for (PlannedHost host : hosts) {
            int portCount = host.port().isPresent() ? 1 : ports.size();
            endpoints = endpoints.add(addressesLeft(host.block()).multiply(BigInteger.valueOf(portCount)));
        }
        return endpoints;
    }

    /** How many addresses the plan touches (an address planned twice, on different ports, counts twice). */
    public BigInteger addresses() {
        BigInteger addresses = BigInteger.ZERO;
        for (PlannedHost host : hosts) {
            addresses = addresses.add(addressesLeft(host.block()));
        }
        return addresses;
    }

    /**
     * Every endpoint, exclusions removed: first the targets that named their own port, then the
     * others port-major (so that consecutive endpoints are on different hosts).
     */
    public Stream<Endpoint> endpoints() {
        Stream<Endpoint> pinned = hosts.stream().filter(host -> host.port().isPresent())
                .flatMap(host -> addressesOf(host).map(address -> new Endpoint(address, host.port().get(), host.serverName(), host.scheme())));
        Stream<Endpoint> spread = ports.stream().boxed().flatMap(port -> hosts.stream().filter(host -> host.port().isEmpty())
                .flatMap(host -> addressesOf(host).map(address -> new Endpoint(address, port, host.serverName(), host.scheme()))));
        // Not Stream.concat: its spliterator would buffer a whole range's flatMap before the first endpoint.
        return Stream.of(pinned, spread).flatMap(java.util.function.Function.identity());
    }

    private Stream<java.net.InetAddress> addressesOf(PlannedHost host) {
        return host.block().addresses().filter(address -> exclusions.stream().noneMatch(excluded -> excluded.contains(address)));
    }

    private BigInteger addressesLeft(AddressBlock block) {
        BigInteger left = block.size();
        for (AddressBlock excluded : exclusions) {
            if (excluded.contains(block)) {
                return BigInteger.ZERO;
            }
            if (block.contains(excluded)) {
                left = left.subtract(excluded.size());
            }
        }
        return left;
    }

    /** Collects targets, ports and exclusions as the operator writes them, then checks and resolves them once. */
    public static final class Builder {
        private final List<Item> targets = new ArrayList<>();
        private final List<Item> exclusions = new ArrayList<>();
        private PortList ports = PortList.of(443);
        private boolean forced;
        private long limit = DEFAULT_ENDPOINT_LIMIT;
        private long addressLimit = DEFAULT_ADDRESS_LIMIT;
        private HostResolver resolver = HostResolver.system();

        private Builder() {
        }

        /** Targets separated by white space or commas: addresses, CIDR ranges, host names. */
        public Builder targets(String text) {
            split(text, "", targets);
            return this;
        }

        public Builder targets(Collection<String> items) {
            items.forEach(this::targets);
            return this;
        }

        /** A file with targets separated by white space or commas; '#' starts a comment. */
        public Builder targetsFile(Path file) {
            readFile(file, "targets", targets);
            return this;
        }

        public Builder ports(String text) {
            this.ports = PortList.parse(text);
            return this;
        }

        public Builder ports(PortList ports) {
            this.ports = Objects.requireNonNull(ports, "ports");
            return this;
        }

        /** Addresses, CIDR ranges or host names never to scan. */
        public Builder exclude(String text) {
            split(text, "", exclusions);
            return this;
        }

        public Builder excludeFile(Path file) {
            readFile(file, "exclusions", exclusions);
            return this;
        }

        /** Allows a plan above the endpoint limit. */
        public Builder force(boolean forced) {
            this.forced = forced;
            return this;
        }

        public Builder limit(long endpoints) {
            if (endpoints < 1) {
                throw new IllegalArgumentException("limit must be at least 1, was " + endpoints);
            }
            this.limit = endpoints;
            return this;
        }

        /** Plans over more addresses than this are refused unless forced (default a /16: 65,536). */
        public Builder addressLimit(long addresses) {
            if (addresses < 1) {
                throw new IllegalArgumentException("address limit must be at least 1, was " + addresses);
            }
            this.addressLimit = addresses;
            return this;
        }

        public Builder resolver(HostResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        public ScanPlan build() {
            if (targets.isEmpty()) {
                throw new TargetException("no target was given: give host names, addresses, CIDR ranges, host:port or smtp://host:port");
            }
            List<String> unresolved = new ArrayList<>();
            List<AddressBlock> excluded = new ArrayList<>();
            for (Item item : exclusions) {
                switch (item.parse(Target::parse)) {
                    case Target.Block(AddressBlock block) -> excluded.add(block);
                    case Target.HostName(String name) -> resolve(name, unresolved).forEach(excluded::add);
                }
            }
            // Nested exclusions would be subtracted twice when counting: keep only the outermost.
            List<AddressBlock> outermost = excluded.stream().distinct()
                    .filter(b -> excluded.stream().noneMatch(o -> !o.equals(b) && o.contains(b))).toList();
            LinkedHashSet<PlannedHost> hosts = new LinkedHashSet<>();
            for (Item item : targets) {
                TargetEntry entry = item.parse(TargetEntry::parse);
                switch (entry.host()) {
                    case Target.Block(AddressBlock block) -> hosts.add(new PlannedHost(block, Optional.empty(), entry.port(), entry.scheme()));
                    case Target.HostName(String name) -> resolve(name, unresolved)
                            .forEach(block -> hosts.add(new PlannedHost(block, Optional.of(name), entry.port(), entry.scheme())));
                }
            }
            // An address given alone and again inside a range (both without a name, on the same ports) is scanned once.
            List<PlannedHost> kept = hosts.stream().filter(h -> h.serverName().isPresent() || hosts.stream().noneMatch(
                    o -> o != h && o.serverName().isEmpty() && !o.block().equals(h.block()) && o.block().contains(h.block())
                            && o.port().equals(h.port()) && o.scheme().equals(h.scheme())))
                    .toList();
            ScanPlan plan = new ScanPlan(kept, ports, outermost, unresolved);
            BigInteger addressCount = plan.addresses();
            if (!forced && addressCount.compareTo(BigInteger.valueOf(addressLimit)) > 0) {
                throw new TargetException(String.format(java.util.Locale.ROOT, "refusing to scan %,d addresses (%,d endpoints), more than"
                        + " the limit of %,d addresses (a /16 by default): check the ranges' prefix lengths, or force the scan"
                        + " (--force) if you mean it", addressCount, plan.size(), addressLimit));
            }
            BigInteger size = plan.size();
            if (!forced && size.compareTo(BigInteger.valueOf(limit)) > 0) {
                BigInteger addresses = plan.addresses();
                throw new TargetException("refusing to scan " + size + " endpoints (" + addresses + " addresses x "
                        + ports.size() + " ports), more than the limit of " + limit + " endpoints"
                        + ": narrow the ranges or the ports, add exclusions, or force the scan if you mean it");
            }
            return plan;
        }

        private List<AddressBlock> resolve(String name, List<String> unresolved) {
            try {
                List<AddressBlock> blocks = resolver.resolve(name).stream().distinct().map(AddressBlock::single).toList();
                if (blocks.isEmpty()) {
                    unresolved.add(name);
                }
                return blocks;
            } catch (UnknownHostException e) {
                unresolved.add(name);
                return List.of();
            }
        }

        private static void split(String text, String where, List<Item> into) {
            for (String item : text.split("[\\s,]+")) {
                if (!item.isBlank()) {
                    into.add(new Item(item, where));
                }
            }
        }

        /** Reads a file of items; a byte order mark (as some editors write) is dropped, and each item remembers its line. */
        private static void readFile(Path file, String what, List<Item> into) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (CharacterCodingException e) {
                throw new TargetException("the " + what + " file " + file + " is not UTF-8 text: save it as UTF-8 (or ASCII),"
                        + " one or more targets per line");
            } catch (IOException e) {
                throw new TargetException("cannot read the " + what + " file " + file + " (" + e.getMessage()
                        + "): give a readable file with one or more targets per line");
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
                int hash = line.indexOf('#');
                split(hash >= 0 ? line.substring(0, hash) : line, file.getFileName() + " line " + (i + 1) + ": ", into);
            }
        }
    }

    /** One item as written, and where: "" on the command line, "targets.txt line 7: " in a file. */
    private record Item(String text, String where) {

        <T> T parse(Function<String, T> parser) {
            try {
                return parser.apply(text);
            } catch (TargetException e) {
                throw where.isEmpty() ? e : new TargetException(where + e.getMessage());
            }
        }
    }
}
