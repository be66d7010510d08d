package dev.orderpipeline.systemtests;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import dev.orderpipeline.storefrontclient.Reply;
import dev.orderpipeline.storefrontclient.StorefrontClient;

/**
 * Every answer the tests read through {@link Api} (and the event streams of {@link SseStream}) is
 * checked against the committed document of the service that gave it (docs/openapi.json of the
 * storefront, docs/ops-openapi.json of ops-api) as it arrives: a mismatch fails the call that got it, naming the
 * exchange and what differs. On unless {@code -Dcontract.check=false}. It also counts what it checked,
 * per operation and status, for {@link ContractIT}.
 */
final class ContractCheck implements StorefrontClient.AnswerListener {

    static final String SWITCH = "contract.check";
    private static ContractCheck instance;

    private final Map<StorefrontClient.Service, Contract> contracts;
    private final AtomicLong checked = new AtomicLong();
    private final Map<String, SortedSet<Integer>> answered = new TreeMap<>();

    private ContractCheck(Map<StorefrontClient.Service, Contract> contracts) {
        this.contracts = contracts;
    }

    static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(SWITCH, "true"));
    }

    /** The check of this test JVM, or a listener that checks nothing when the switch is off. */
    static StorefrontClient.AnswerListener listener() {
        return enabled() ? shared() : StorefrontClient.AnswerListener.NONE;
    }

    static synchronized ContractCheck shared() {
        if (instance == null) {
            Map<StorefrontClient.Service, Contract> contracts = new EnumMap<>(StorefrontClient.Service.class);
            for (StorefrontClient.Service service : StorefrontClient.Service.values()) {
                contracts.put(service, Contract.committed(service));
            }
            instance = new ContractCheck(contracts);
        }
        return instance;
    }

    @Override
    public void answered(StorefrontClient.Service service, String method, String path, Reply reply) {
        List<String> mismatches = check(service, method, path, reply);
        if (!mismatches.isEmpty()) {
            throw new AssertionError("the answer differs from " + Contract.document(service) + ":\n  "
                    + String.join("\n  ", mismatches));
        }
    }

    /** Checks one exchange with {@code service} and counts it; returns its mismatches. */
    List<String> check(StorefrontClient.Service service, String method, String path, Reply reply) {
        Contract contract = contracts.get(service);
        contract.operation(method, path).ifPresent(operation -> {
            checked.incrementAndGet();
            synchronized (answered) {
                answered.computeIfAbsent(operation.id(), id -> new TreeSet<>()).add(reply.status());
            }
        });
        return contract.mismatches(method, path, reply);
    }

    /** The operations of every service's document. */
    List<Contract.Operation> operations() {
        return contracts.values().stream().flatMap(contract -> contract.operations().stream()).toList();
    }

    /** How many answers were checked so far (those outside the document not counted). */
    long checked() {
        return checked.get();
    }

    /** The statuses seen so far per operation id. */
    Map<String, SortedSet<Integer>> answered() {
        synchronized (answered) {
            Map<String, SortedSet<Integer>> copy = new TreeMap<>();
            answered.forEach((id, statuses) -> copy.put(id, new TreeSet<>(statuses)));
            return copy;
        }
    }
}
