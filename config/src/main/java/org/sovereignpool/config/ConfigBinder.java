package org.sovereignpool.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Binds a YAML tree to {@link PoolConfig}, by hand, so that every problem is reported with its key
 * path. Each {@code bindX} method returns {@code null} when it reported an error; the whole config is
 * built only when there were none. One binder per document.
 */
final class ConfigBinder {
    static final Set<String> ROOT_KEYS = keys(
            "network",
            "treasury",
            "pool",
            "stratum",
            "difficulty",
            "nodes",
            "ledger",
            "http",
            "operators",
            "payout",
            "power",
            "energy",
            "job");
    private static final Set<String> JOB_KEYS = keys("emptyJobOnNewBlock");
    private static final Set<String> TREASURY_KEYS = keys("address", "descriptor");
    private static final Set<String> POOL_KEYS = keys("tag", "nodeId");
    private static final Set<String> STRATUM_KEYS = keys(
            "listeners",
            "extranonce2Size",
            "maxLineBytes",
            "maxConnectionsPerIp",
            "authorizeTimeoutSeconds",
            "idleTimeoutSeconds",
            "jobRefreshSeconds",
            "maxMalformedLines",
            "maxConnections",
            "reservedFileDescriptors",
            "maxWorkersPerConnection",
            "requestsPerSecond",
            "requestBurst",
            "writeBufferHighWaterMarkBytes",
            "maxOutboundBytes",
            "unwritableTimeoutSeconds",
            "bans",
            "sites");
    private static final Set<String> BAN_KEYS = keys(
            "seconds", "windowSeconds", "invalidShares", "malformedLines", "unauthorizedSubmits", "refusedConnections");
    private static final Set<String> SITE_KEYS = keys("name", "cidr", "maxConnections");
    private static final Set<String> LISTENER_KEYS = keys("host", "port", "difficulty", "tls");
    private static final Set<String> TLS_KEYS = keys("certFile", "keyFile");
    private static final Set<String> DIFFICULTY_KEYS = keys("initial", "min", "max", "vardiff");
    private static final Set<String> VARDIFF_KEYS = keys("enabled", "sharesPerMinute", "retargetSeconds");
    private static final Set<String> NODE_KEYS = keys("rpcUrl", "rpcUser", "rpcPassword", "cookieFile", "zmqHashBlock");
    private static final Set<String> LEDGER_KEYS =
            keys("jdbcUrl", "user", "password", "journalDir", "fsyncIntervalMillis", "nodeLeaseSeconds");
    private static final Set<String> HTTP_KEYS = keys(
            "host",
            "port",
            "adminToken",
            "maxConnections",
            "idleTimeoutSeconds",
            "headerTimeoutSeconds",
            "maxPipelinedRequests");
    private static final Set<String> OPERATOR_KEYS =
            keys("id", "name", "licence", "allocationMw", "efficiencyJPerTh", "sites");
    private static final Set<String> PAYOUT_KEYS = keys("scheme", "windowFactor");
    private static final Set<String> POWER_KEYS = keys("programmeMw", "warnFraction", "refuseNewWorkersOverAllocation");
    private static final Set<String> ENERGY_KEYS =
            keys("tariffPerMwh", "currency", "efficiencyTolerancePercent", "curtailments");
    private static final Set<String> ORDER_KEYS =
            keys("id", "operator", "limitMw", "start", "durationMinutes", "enforce", "issuedBy");

    private final Errors errors;

    ConfigBinder(Errors errors) {
        this.errors = errors;
    }

    /** The config, or {@code null} when any error was reported. {@code root} must be a map. */
    PoolConfig bind(JsonNode root) {
        MapReader r = MapReader.of(root, "", errors, ROOT_KEYS);
        if (r == null) {
            return null;
        }
        Network network = bindNetwork(r);
        TreasuryConfig treasury = bindTreasury(r, network);
        PoolIdentity pool = bindPool(r);
        DifficultyConfig difficulty = bindDifficulty(r, network);
        StratumConfig stratum = bindStratum(r, difficulty);
        List<NodeConfig> nodes = bindNodes(r);
        LedgerConfig ledger = bindLedger(r);
        HttpConfig http = bindHttp(r);
        List<OperatorConfig> operators = bindOperators(r);
        PayoutConfig payout = bindPayout(r);
        PowerConfig power = bindPower(r);
        EnergyConfig energy = bindEnergy(r, operators);
        JobConfig job = bindJob(r);
        if (errors.count() > 0) {
            return null;
        }
        return new PoolConfig(
                network,
                treasury,
                pool,
                stratum,
                difficulty,
                nodes,
                ledger,
                http,
                operators,
                payout,
                power,
                energy,
                job);
    }

    private Network bindNetwork(MapReader r) {
        String name = r.requiredString("network");
        if (name == null) {
            return null;
        }
        Optional<Network> network = Network.fromConfigName(name);
        if (network.isEmpty()) {
            String hint = KeySuggestions.closest(name, Network.configNames())
                    .map(n -> "; did you mean '" + n + "'?")
                    .orElse("");
            r.error(
                    "network",
                    "must be one of " + String.join(", ", Network.configNames()) + ", got \"" + name + "\"" + hint);
        }
        return network.orElse(null);
    }

    private TreasuryConfig bindTreasury(MapReader root, Network network) {
        MapReader r = root.requiredMap("treasury", TREASURY_KEYS);
        if (r == null) {
            return null;
        }
        if (r.has("address") && r.has("descriptor")) {
            errors.add(
                    r.path(),
                    "give either address (one fixed address) or descriptor (a fresh address per block)," + " not both");
            return null;
        }
        boolean descriptor = r.has("descriptor");
        String key = descriptor ? "descriptor" : "address";
        String value = r.requiredString(key);
        if (value == null || network == null) {
            return null; // a missing or invalid network was reported already
        }
        try {
            return descriptor ? TreasuryConfig.ofDescriptor(network, value) : new TreasuryConfig(network, value);
        } catch (IllegalArgumentException e) {
            r.error(key, e.getMessage());
            return null;
        }
    }

    private PoolIdentity bindPool(MapReader root) {
        MapReader r = root.mapOrEmpty("pool", POOL_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        String tag = r.string("tag", PoolIdentity.DEFAULT_TAG, false);
        if (tag != null) {
            String problem = PoolIdentity.tagProblem(tag);
            if (problem != null) {
                r.error("tag", problem);
            }
        }
        Integer nodeId = r.integer("nodeId", 0, 255, 0);
        return errors.count() > before ? null : new PoolIdentity(tag, nodeId);
    }

    private DifficultyConfig bindDifficulty(MapReader root, Network network) {
        MapReader r = root.mapOrEmpty("difficulty", DIFFICULTY_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        Network defaultsFor = network == null ? Network.REGTEST : network;
        Double initial = r.positive("initial", Double.MAX_VALUE, DifficultyConfig.defaultInitial(defaultsFor));
        Double min = r.positive("min", Double.MAX_VALUE, DifficultyConfig.defaultMin(defaultsFor));
        Double max = r.positive("max", Double.MAX_VALUE, DifficultyConfig.DEFAULT_MAX);
        if (min != null && max != null && max < min) {
            r.error("max", "must be >= min (" + MapReader.formatNumber(min) + "), got " + MapReader.formatNumber(max));
        } else if (initial != null && min != null && max != null && (initial < min || initial > max)) {
            r.error(
                    "initial",
                    "must be within min..max (" + MapReader.formatNumber(min) + ".." + MapReader.formatNumber(max)
                            + ")" + (r.has("initial") ? "" : " (default for " + defaultsFor + ")") + ", got "
                            + MapReader.formatNumber(initial));
        }
        VardiffConfig vardiff = bindVardiff(r);
        if (errors.count() > before || network == null) {
            return null;
        }
        return new DifficultyConfig(initial, min, max, vardiff);
    }

    private VardiffConfig bindVardiff(MapReader root) {
        MapReader r = root.mapOrEmpty("vardiff", VARDIFF_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        Boolean enabled = r.bool("enabled", true);
        Double sharesPerMinute = r.positive("sharesPerMinute", 600, 18.0);
        Integer retargetSeconds = r.integer("retargetSeconds", 5, 3600, 30);
        return errors.count() > before ? null : new VardiffConfig(enabled, sharesPerMinute, retargetSeconds);
    }

    private StratumConfig bindStratum(MapReader root, DifficultyConfig difficulty) {
        MapReader r = root.mapOrEmpty("stratum", STRATUM_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        List<ListenerConfig> listeners = bindListeners(r, difficulty);
        Integer extranonce2Size = r.integer("extranonce2Size", 2, 8, 4);
        Integer maxLineBytes = r.integer("maxLineBytes", 256, 1_048_576, 16_384);
        Integer maxConnectionsPerIp =
                r.integer("maxConnectionsPerIp", 0, Integer.MAX_VALUE, StratumConfig.DEFAULT_MAX_CONNECTIONS_PER_IP);
        Integer authorizeTimeoutSeconds = r.integer("authorizeTimeoutSeconds", 1, 3600, 30);
        Integer idleTimeoutSeconds = r.integer("idleTimeoutSeconds", 10, 86_400, 600);
        Integer jobRefreshSeconds = r.integer("jobRefreshSeconds", 1, 60, 30);
        Integer maxMalformedLines = r.integer("maxMalformedLines", 1, 1000, 5);
        StratumLimits limits = bindLimits(r);
        BanConfig bans = bindBans(r);
        List<SiteConfig> sites = bindSites(r);
        if (errors.count() > before) {
            return null;
        }
        return new StratumConfig(
                listeners,
                extranonce2Size,
                maxLineBytes,
                maxConnectionsPerIp,
                authorizeTimeoutSeconds,
                idleTimeoutSeconds,
                jobRefreshSeconds,
                maxMalformedLines,
                limits,
                bans,
                sites);
    }

    private StratumLimits bindLimits(MapReader r) {
        int before = errors.count();
        StratumLimits d = StratumLimits.DEFAULTS;
        Integer maxConnections = r.integer("maxConnections", 0, StratumLimits.MAX_CONNECTIONS, d.maxConnections());
        Integer reserved = r.integer("reservedFileDescriptors", 64, 1_000_000, d.reservedFileDescriptors());
        Integer workers = r.integer("maxWorkersPerConnection", 1, 100_000, d.maxWorkersPerConnection());
        Double rate = r.positive("requestsPerSecond", 100_000, d.requestsPerSecond());
        if (rate != null && rate < 0.1) {
            r.error("requestsPerSecond", "must be 0.1..100000, got " + MapReader.formatNumber(rate));
        }
        Integer burst = r.integer("requestBurst", 1, 1_000_000, d.requestBurst());
        Integer high = r.integer(
                "writeBufferHighWaterMarkBytes",
                1024,
                StratumLimits.MAX_BUFFER_BYTES,
                d.writeBufferHighWaterMarkBytes());
        Integer maxOutbound = r.integer(
                "maxOutboundBytes", 1024, 4 * StratumLimits.MAX_BUFFER_BYTES, Math.max(d.maxOutboundBytes(), high));
        if (high != null && maxOutbound != null && maxOutbound < high) {
            r.error("maxOutboundBytes", "must be >= writeBufferHighWaterMarkBytes (" + high + "), got " + maxOutbound);
        }
        Integer unwritable = r.integer("unwritableTimeoutSeconds", 1, 3600, d.unwritableTimeoutSeconds());
        return errors.count() > before
                ? null
                : new StratumLimits(maxConnections, reserved, workers, rate, burst, high, maxOutbound, unwritable);
    }

    private BanConfig bindBans(MapReader root) {
        MapReader r = root.mapOrEmpty("bans", BAN_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        BanConfig d = BanConfig.DEFAULTS;
        int max = BanConfig.MAX_THRESHOLD;
        Integer seconds = r.integer("seconds", 0, 604_800, d.seconds());
        Integer window = r.integer("windowSeconds", 1, 86_400, d.windowSeconds());
        Integer invalid = r.integer("invalidShares", 1, max, d.invalidShares());
        Integer malformed = r.integer("malformedLines", 1, max, d.malformedLines());
        Integer unauthorized = r.integer("unauthorizedSubmits", 1, max, d.unauthorizedSubmits());
        Integer refused = r.integer("refusedConnections", 1, max, d.refusedConnections());
        return errors.count() > before
                ? null
                : new BanConfig(seconds, window, invalid, malformed, unauthorized, refused);
    }

    private List<SiteConfig> bindSites(MapReader r) {
        List<JsonNode> items = r.list("sites", List.of());
        if (items == null) {
            return null;
        }
        int before = errors.count();
        List<SiteConfig> out = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Errors.index(r.path("sites"), i);
            MapReader s = MapReader.of(items.get(i), path, errors, SITE_KEYS);
            if (s == null) {
                continue;
            }
            Cidr cidr = null;
            String text = s.requiredString("cidr");
            if (text != null) {
                try {
                    cidr = Cidr.parse(text);
                } catch (IllegalArgumentException e) {
                    s.error("cidr", e.getMessage());
                }
            }
            String name = s.string("name", text, false);
            if (name != null && name.isBlank()) {
                s.error("name", "must not be blank");
            }
            Integer max = s.integer("maxConnections", 1, SiteConfig.MAX_CONNECTIONS, null);
            if (cidr == null || name == null || name.isBlank() || max == null) {
                continue;
            }
            for (int j = 0; j < out.size(); j++) {
                if (out.get(j).cidr().overlaps(cidr)) {
                    s.error(
                            "cidr",
                            "overlaps " + paths.get(j) + " (" + out.get(j).cidr() + "); sites must not overlap");
                }
            }
            out.add(new SiteConfig(name, cidr, max));
            paths.add(path);
        }
        return errors.count() > before ? null : out;
    }

    private List<ListenerConfig> bindListeners(MapReader r, DifficultyConfig difficulty) {
        List<JsonNode> items = r.list("listeners", null);
        if (items == null) {
            return r.has("listeners")
                    ? null
                    : List.of(ListenerConfig.plain(StratumConfig.DEFAULT_HOST, StratumConfig.DEFAULT_PORT));
        }
        if (items.isEmpty()) {
            r.error("listeners", "must have at least one listener");
            return null;
        }
        int before = errors.count();
        List<ListenerConfig> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Errors.index(r.path("listeners"), i);
            ListenerConfig l = bindListener(MapReader.of(items.get(i), path, errors, LISTENER_KEYS), difficulty);
            if (l == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(l.host() + " " + l.port(), i);
            if (first != null) {
                errors.add(
                        Errors.child(path, "port"),
                        "duplicate of " + Errors.index(r.path("listeners"), first) + " (" + l.host() + ":" + l.port()
                                + ")");
            }
            out.add(l);
        }
        return errors.count() > before ? null : out;
    }

    private ListenerConfig bindListener(MapReader r, DifficultyConfig difficulty) {
        if (r == null) {
            return null;
        }
        int before = errors.count();
        String host = host(r, "host", null);
        Integer port = r.integer("port", 1, 65535, null);
        Double d = r.optionalPositive("difficulty", Double.MAX_VALUE);
        if (d != null && difficulty != null && !difficulty.allows(d)) {
            r.error(
                    "difficulty",
                    "must be within difficulty.min..max (" + MapReader.formatNumber(difficulty.min()) + ".."
                            + MapReader.formatNumber(difficulty.max()) + "), got " + MapReader.formatNumber(d));
        }
        Optional<TlsConfig> tls = Optional.empty();
        if (r.has("tls")) {
            MapReader t = MapReader.of(r.get("tls"), r.path("tls"), errors, TLS_KEYS);
            if (t != null) {
                Path cert = path(t, "certFile", true);
                Path key = path(t, "keyFile", true);
                if (cert != null && key != null) {
                    tls = Optional.of(new TlsConfig(cert, key));
                }
            }
        }
        if (errors.count() > before) {
            return null;
        }
        return new ListenerConfig(host, port, d == null ? OptionalDouble.empty() : OptionalDouble.of(d), tls);
    }

    private List<NodeConfig> bindNodes(MapReader r) {
        List<JsonNode> items = r.list("nodes", List.of());
        if (items == null) {
            return null;
        }
        int before = errors.count();
        List<NodeConfig> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            NodeConfig n = bindNode(MapReader.of(items.get(i), Errors.index(r.path("nodes"), i), errors, NODE_KEYS));
            if (n != null) {
                out.add(n);
            }
        }
        return errors.count() > before ? null : out;
    }

    private NodeConfig bindNode(MapReader r) {
        if (r == null) {
            return null;
        }
        int before = errors.count();
        URI rpcUrl = null;
        String url = r.requiredString("rpcUrl");
        if (url != null) {
            rpcUrl = uri(url);
            if (rpcUrl == null
                    || !("http".equals(rpcUrl.getScheme()) || "https".equals(rpcUrl.getScheme()))
                    || rpcUrl.getHost() == null
                    || rpcUrl.getPort() < 0) {
                r.error("rpcUrl", "must be an http:// or https:// URL with host and port, got \"" + url + "\"");
            }
        }
        boolean hasUser = r.has("rpcUser");
        boolean hasPassword = r.has("rpcPassword");
        boolean hasCookie = r.has("cookieFile");
        NodeAuth auth = null;
        if (hasCookie && (hasUser || hasPassword)) {
            r.error("cookieFile", "give either rpcUser and rpcPassword or cookieFile, not both");
        } else if (hasCookie) {
            Path cookie = path(r, "cookieFile", true);
            auth = cookie == null ? null : new NodeAuth.Cookie(cookie);
        } else if (hasUser || hasPassword) {
            String user = hasUser ? r.requiredNonBlank("rpcUser") : null;
            String password = hasPassword ? r.requiredString("rpcPassword") : null;
            if (!hasUser) {
                r.error("rpcUser", "required with rpcPassword");
            }
            if (!hasPassword) {
                r.error("rpcPassword", "required with rpcUser");
            }
            if (user != null && password != null) {
                auth = new NodeAuth.Password(user, password);
            }
        } else {
            errors.add(r.path(), "needs rpcUser and rpcPassword, or cookieFile");
        }
        Optional<URI> zmq = Optional.empty();
        String z = r.string("zmqHashBlock", null, false);
        if (z != null) {
            URI u = uri(z);
            boolean ok = u != null
                    && (("tcp".equals(u.getScheme()) && u.getHost() != null && u.getPort() >= 0)
                            || ("ipc".equals(u.getScheme())
                                    && z.length() > "ipc://".length()
                                    && z.startsWith("ipc://")));
            if (ok) {
                zmq = Optional.of(u);
            } else {
                r.error("zmqHashBlock", "must be a tcp://host:port or ipc://path URL, got \"" + z + "\"");
            }
        }
        return errors.count() > before ? null : new NodeConfig(rpcUrl, auth, zmq);
    }

    private LedgerConfig bindLedger(MapReader root) {
        MapReader r = root.mapOrEmpty("ledger", LEDGER_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        String jdbcUrl = r.string("jdbcUrl", LedgerConfig.DEFAULT_JDBC_URL, false);
        if (jdbcUrl != null && !LedgerConfig.isSupportedJdbcUrl(jdbcUrl)) {
            r.error("jdbcUrl", "must start with jdbc:h2: or jdbc:postgresql:, got \"" + jdbcUrl + "\"");
        }
        String user = r.string("user", "sa", false);
        String password = r.string("password", "", false);
        Path journalDir = path(r, "journalDir", false);
        if (journalDir == null && !r.has("journalDir")) {
            journalDir = Path.of(LedgerConfig.DEFAULT_JOURNAL_DIR);
        }
        Integer fsync = r.integer("fsyncIntervalMillis", 1, 1000, 20);
        Integer lease = r.integer("nodeLeaseSeconds", 3, 600, LedgerConfig.DEFAULT_NODE_LEASE_SECONDS);
        return errors.count() > before ? null : new LedgerConfig(jdbcUrl, user, password, journalDir, fsync, lease);
    }

    private HttpConfig bindHttp(MapReader root) {
        MapReader r = root.mapOrEmpty("http", HTTP_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        String host = host(r, "host", "127.0.0.1");
        Integer port = r.integer("port", 1, 65535, 8080);
        Optional<String> token = r.optionalString("adminToken");
        if (token.isPresent() && token.get().length() < HttpConfig.MIN_ADMIN_TOKEN_LENGTH) {
            r.error(
                    "adminToken",
                    "must be at least " + HttpConfig.MIN_ADMIN_TOKEN_LENGTH + " characters, got "
                            + token.get().length());
        }
        Integer maxConnections = r.integer("maxConnections", 1, 100_000, HttpConfig.DEFAULT_MAX_CONNECTIONS);
        Integer idle = r.integer("idleTimeoutSeconds", 1, 3600, HttpConfig.DEFAULT_IDLE_TIMEOUT_SECONDS);
        Integer header = r.integer("headerTimeoutSeconds", 1, 600, HttpConfig.DEFAULT_HEADER_TIMEOUT_SECONDS);
        Integer pipelined = r.integer("maxPipelinedRequests", 1, 1024, HttpConfig.DEFAULT_MAX_PIPELINED_REQUESTS);
        return errors.count() > before
                ? null
                : new HttpConfig(host, port, token, maxConnections, idle, header, pipelined);
    }

    private List<OperatorConfig> bindOperators(MapReader r) {
        List<JsonNode> items = r.list("operators", null);
        if (items == null) {
            if (!r.has("operators")) {
                r.missing("operators");
            }
            return null;
        }
        if (items.isEmpty()) {
            r.error("operators", "must have at least one operator");
            return null;
        }
        int before = errors.count();
        List<OperatorConfig> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = Errors.index(r.path("operators"), i);
            OperatorConfig o = bindOperator(MapReader.of(items.get(i), path, errors, OPERATOR_KEYS));
            if (o == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(o.id(), i);
            if (first != null) {
                errors.add(
                        Errors.child(path, "id"),
                        "duplicate of " + Errors.index(r.path("operators"), first) + ".id '" + o.id() + "'");
            }
            out.add(o);
        }
        return errors.count() > before ? null : out;
    }

    private OperatorConfig bindOperator(MapReader r) {
        if (r == null) {
            return null;
        }
        int before = errors.count();
        String id = r.requiredString("id");
        if (id != null && !OperatorConfig.ID_PATTERN.matcher(id).matches()) {
            r.error(
                    "id",
                    "must be 1..32 characters of a-z, 0-9, '_' or '-', starting with a letter or digit, got \"" + id
                            + "\"");
        }
        String name = r.requiredNonBlank("name");
        Optional<String> licence = r.optionalString("licence");
        Double allocationMw = r.positive("allocationMw", Double.MAX_VALUE, null);
        Double efficiency =
                r.positive("efficiencyJPerTh", Double.MAX_VALUE, OperatorConfig.DEFAULT_EFFICIENCY_J_PER_TH);
        List<String> sites = new ArrayList<>();
        List<JsonNode> siteNodes = r.list("sites", List.of());
        if (siteNodes != null) {
            for (int i = 0; i < siteNodes.size(); i++) {
                JsonNode s = siteNodes.get(i);
                String path = Errors.index(r.path("sites"), i);
                if (!s.isTextual()) {
                    errors.add(path, "must be a string, got " + MapReader.describe(s));
                } else if (s.textValue().isBlank()) {
                    errors.add(path, "must not be blank");
                } else {
                    sites.add(s.textValue());
                }
            }
        }
        return errors.count() > before ? null : new OperatorConfig(id, name, licence, allocationMw, efficiency, sites);
    }

    private PayoutConfig bindPayout(MapReader root) {
        MapReader r = root.mapOrEmpty("payout", PAYOUT_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        String schemeName = r.string("scheme", PayoutScheme.PPLNS.configName(), false);
        PayoutScheme scheme = null;
        if (schemeName != null) {
            for (PayoutScheme s : PayoutScheme.values()) {
                if (s.configName().equals(schemeName)) {
                    scheme = s;
                }
            }
            if (scheme == null) {
                r.error("scheme", "must be one of pplns, pps, got \"" + schemeName + "\"");
            }
        }
        Double windowFactor = r.positive("windowFactor", 100, 2.0);
        return errors.count() > before ? null : new PayoutConfig(scheme, windowFactor);
    }

    private PowerConfig bindPower(MapReader root) {
        MapReader r = root.mapOrEmpty("power", POWER_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        Double programmeMw = r.positive("programmeMw", 1_000_000, PowerConfig.DEFAULT_PROGRAMME_MW);
        Double warnFraction = r.positive("warnFraction", 1, PowerConfig.DEFAULT_WARN_FRACTION);
        Boolean refuse = r.bool("refuseNewWorkersOverAllocation", false);
        return errors.count() > before ? null : new PowerConfig(programmeMw, warnFraction, refuse);
    }

    private JobConfig bindJob(MapReader root) {
        MapReader r = root.mapOrEmpty("job", JOB_KEYS);
        if (r == null) {
            return null;
        }
        Boolean empty = r.bool("emptyJobOnNewBlock", JobConfig.defaults().emptyJobOnNewBlock());
        return empty == null ? null : new JobConfig(empty);
    }

    private EnergyConfig bindEnergy(MapReader root, List<OperatorConfig> operators) {
        MapReader r = root.mapOrEmpty("energy", ENERGY_KEYS);
        if (r == null) {
            return null;
        }
        int before = errors.count();
        Optional<Double> tariff = Optional.empty();
        JsonNode t = r.get("tariffPerMwh");
        if (t != null) {
            if (!t.isNumber() || !(t.doubleValue() >= 0) || Double.isInfinite(t.doubleValue())) {
                r.error(
                        "tariffPerMwh",
                        "must be a number >= 0 (the price per MWh the power would fetch), got "
                                + MapReader.describe(t));
            } else {
                tariff = Optional.of(t.doubleValue());
            }
        }
        String currency = r.string("currency", EnergyConfig.DEFAULT_CURRENCY, false);
        if (currency != null && !EnergyConfig.CURRENCY.matcher(currency).matches()) {
            r.error(
                    "currency",
                    "must be three capital letters (ISO 4217, e.g. USD, EUR, GHS), got \"" + currency + "\"");
        }
        Double tolerance = r.positive("efficiencyTolerancePercent", 100, EnergyConfig.DEFAULT_TOLERANCE_PERCENT);
        List<CurtailmentOrderConfig> orders = new ArrayList<>();
        List<JsonNode> items = r.list("curtailments", List.of());
        if (items != null) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < items.size(); i++) {
                String path = Errors.index(r.path("curtailments"), i);
                CurtailmentOrderConfig o = bindOrder(MapReader.of(items.get(i), path, errors, ORDER_KEYS), operators);
                if (o == null) {
                    continue;
                }
                Integer first = seen.putIfAbsent(o.id(), i);
                if (first != null) {
                    errors.add(
                            Errors.child(path, "id"),
                            "duplicate of " + Errors.index(r.path("curtailments"), first) + ".id '" + o.id() + "'");
                }
                orders.add(o);
            }
        }
        return errors.count() > before ? null : new EnergyConfig(tariff, currency, tolerance, orders);
    }

    private CurtailmentOrderConfig bindOrder(MapReader r, List<OperatorConfig> operators) {
        if (r == null) {
            return null;
        }
        int before = errors.count();
        String id = r.requiredString("id");
        if (id != null && !CurtailmentOrderConfig.ID_PATTERN.matcher(id).matches()) {
            r.error("id", "must be 1..64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-', got \"" + id + "\"");
        }
        String operator = r.requiredString("operator");
        if (operator != null
                && operators != null
                && !operator.equals(CurtailmentOrderConfig.ALL)
                && operators.stream().noneMatch(o -> o.id().equals(operator))) {
            r.error("operator", "must be a registered operator id or \"all\", got \"" + operator + "\"");
        }
        Double limit = null;
        JsonNode l = r.get("limitMw");
        if (l == null) {
            r.missing("limitMw");
        } else if (!l.isNumber() || !(l.doubleValue() >= 0) || Double.isInfinite(l.doubleValue())) {
            r.error("limitMw", "must be a number >= 0 (MW), got " + MapReader.describe(l));
        } else {
            limit = l.doubleValue();
        }
        java.time.Instant start = null;
        String startText = r.requiredString("start");
        if (startText != null) {
            try {
                start = java.time.Instant.parse(startText);
            } catch (java.time.format.DateTimeParseException e) {
                r.error(
                        "start",
                        "must be an ISO-8601 UTC time such as 2026-11-29T18:00:00Z, got \"" + startText + "\"");
            }
        }
        Integer duration = r.integer("durationMinutes", 1, CurtailmentOrderConfig.MAX_DURATION_MINUTES, null);
        Boolean enforce = r.bool("enforce", false);
        String issuedBy = r.requiredNonBlank("issuedBy");
        return errors.count() > before
                ? null
                : new CurtailmentOrderConfig(id, operator, limit, start, duration, enforce, issuedBy);
    }

    private static String host(MapReader r, String key, String dflt) {
        String host = r.string(key, dflt, dflt == null);
        if (host != null && !HostNames.isValid(host)) {
            r.error(key, "must be an IPv4 or IPv6 literal or a host name, got \"" + host + "\"");
            return null;
        }
        return host;
    }

    private static Path path(MapReader r, String key, boolean required) {
        String s = r.string(key, null, required);
        if (s == null) {
            return null;
        }
        if (s.isBlank()) {
            r.error(key, "must not be blank");
            return null;
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            r.error(key, "is not a valid path: " + e.getReason());
            return null;
        }
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Set<String> keys(String... keys) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }
}
