package dev.portex.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md, CHANGELOG.md and docs/*.md points to a file of the checkout, and a link with an
 * anchor ({@code page.md#heading}) to a heading of that page, with the anchors GitHub makes of headings.
 */
class DocsLinksResolveTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkPointsToAFileAndAHeadingThatExist() throws IOException {
        List<String> pages = new ArrayList<>(List.of("README.md", "CHANGELOG.md"));
        try (Stream<Path> docs = Files.list(DocsPage.path("docs"))) {
            docs.map(p -> "docs/" + p.getFileName()).filter(p -> p.endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).as("pages under docs/").hasSizeGreaterThan(2);
        List<String> broken = new ArrayList<>();
        for (String page : pages) {
            for (String target : links(DocsPage.lines(page))) {
                if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                    continue; // https:, mailto: ...
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path parent = Path.of(page).getParent();
                String resolved = file.isEmpty() ? page
                        : (parent == null ? Path.of(file) : parent.resolve(file)).normalize().toString();
                if (!Files.exists(DocsPage.path(resolved))) {
                    broken.add(page + ": " + target + " (no file " + resolved + ")");
                } else if (anchor != null && !anchors(DocsPage.lines(resolved)).contains(anchor)) {
                    broken.add(page + ": " + target + " (no heading with the anchor #" + anchor + " in " + resolved + ")");
                }
            }
        }
        assertThat(broken).as("links that point nowhere").isEmpty();
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertThat(anchors(List.of("## The second leg: Node -> Elasticsearch", "## `./portex bench`", "## MITIGATIONS",
                "### The replay's resets", "## 1. The dependency", "## Time per class", "## Time per class")))
                .containsExactlyInAnyOrder("the-second-leg-node---elasticsearch", "portex-bench", "mitigations",
                        "the-replays-resets", "1-the-dependency", "time-per-class", "time-per-class-1");
    }

    /** The link targets of a page, outside fenced code blocks and inline code. */
    static List<String> links(List<String> lines) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, blanks as hyphens, repeats numbered. */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (fenced || !m.matches()) {
                continue;
            }
            String text = m.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }
}
