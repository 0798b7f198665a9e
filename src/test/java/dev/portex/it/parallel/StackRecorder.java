package dev.portex.it.parallel;

import dev.portex.internal.junit.StackStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Notes which Elasticsearch container each sample class's test ran against: one stack means one id for both. */
public class StackRecorder implements BeforeEachCallback {
    /** Elasticsearch's container id, by the sample class that saw it. */
    public static final Map<String, String> ELASTICSEARCH_BY_CLASS = new ConcurrentHashMap<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        ELASTICSEARCH_BY_CLASS.put(context.getRequiredTestClass().getSimpleName(),
                StackStore.stack(context).elasticsearch().getContainerId());
    }
}
