package dev.portex.model;

import java.util.List;
import java.util.Objects;

/**
 * A user's own image, run once as the whole load generator inside the narrowed namespace, with
 * {@code $PORTEX_TARGET_URL}, {@code $PORTEX_DOCS} and {@code $PORTEX_RUN_ID} in its environment; {@code args}
 * replace the image's command when given.
 */
public record ImageProgram(String image, List<String> args) implements ClientProgram {
    public ImageProgram {
        Objects.requireNonNull(image, "image");
        if (image.isBlank()) {
            throw new IllegalArgumentException("--client-image is empty: name a local image, e.g. --client-image my-sender:1");
        }
        args = List.copyOf(args);
    }

    @Override
    public ClientKind kind() {
        return ClientKind.IMAGE;
    }

    @Override
    public String label() {
        return args.isEmpty() ? image : image + " " + String.join(" ", args);
    }
}
