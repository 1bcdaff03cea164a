package io.github.voxbridge.cli.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What macOS users run ({@code ./voxbridge} and the {@code scripts/find-jdk.sh} it sources) must work with the bash
 * 3.2 and BSD tools macOS ships, while CI only has a new bash: so the scripts are read for what bash 3.2 or macOS
 * lacks. The list is from bash's NEWS/CHANGES (each feature's first version) and the BSD manual pages.
 * A comment line is not code and is not read.
 */
class ShellPortabilityTest {

    private record Rule(Pattern pattern, String why) {
    }

    private static final List<Rule> RULES = List.of(
            rule("\\b(mapfile|readarray)\\b", "mapfile/readarray are bash 4.0"),
            rule("\\b(declare|local|typeset)\\s+-[a-zA-Z]*[An]", "associative arrays (4.0) and namerefs (4.3)"),
            rule("\\$\\{#?[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*\\])?(,,?|\\^\\^?)[^}]*\\}", "case modification ${v,,} is bash 4.0"),
            rule("\\$\\{[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*\\])?@[QEPAaKkUuL]\\}", "${v@Q} transformations are bash 4.4"),
            rule("\\[\\[\\s+-v\\s", "[[ -v name ]] is bash 4.2"),
            rule("\\$\\{[A-Za-z_][A-Za-z0-9_]*\\[-[0-9]", "negative array indices are bash 4.3"),
            rule("&>>|\\|&|;;&|\\bcoproc\\b", "&>>, |&, ;;& and coproc are bash 4.0"),
            rule("\\bwait\\s+-n\\b", "wait -n is bash 4.3"),
            rule("\\$\\{?(BASHPID|EPOCHSECONDS|EPOCHREALTIME)\\b", "BASHPID is bash 4.0, EPOCH* 5.0"),
            rule("\\breadlink\\s+-[a-z]*f", "macOS before 12.3 has no readlink -f"),
            rule("\\bsed\\s+(-[a-zA-Z]*\\s+)*-i\\b", "BSD sed -i needs a suffix argument"),
            rule("\\bgrep\\s+(-[a-zA-Z]*\\s+)*-[a-zA-Z]*P", "BSD grep has no -P"));

    /** An array expanded as "${a[@]}": bash < 4.4 calls it unbound under set -u when it is empty. */
    private static final Pattern ARRAY_EXPANSION = Pattern.compile("\"\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\[@\\]\\}\"");

    private static Rule rule(String regex, String why) {
        return new Rule(Pattern.compile(regex), why);
    }

    static Stream<String> scripts() {
        return Stream.of("voxbridge", "scripts/find-jdk.sh");
    }

    @ParameterizedTest(name = "{0} uses nothing bash 3.2 or macOS lacks")
    @MethodSource("scripts")
    void nothingNewerThanBash32(String script) throws IOException {
        List<String> lines = Files.readAllLines(Shell.checkout().resolve(script));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("#")) {
                continue;
            }
            for (Rule rule : RULES) {
                if (rule.pattern().matcher(line).find()) {
                    problems.add(script + ":" + (i + 1) + ": " + rule.why() + ": " + line.strip());
                }
            }
            Matcher array = ARRAY_EXPANSION.matcher(line);
            while (array.find()) {
                String guard = "${" + array.group(1) + "[@]+";
                boolean guarded = line.substring(0, array.start()).endsWith(guard);
                boolean literal = isNonEmptyLiteral(lines, array.group(1));
                if (!guarded && !literal) {
                    problems.add(script + ":" + (i + 1) + ": \"${" + array.group(1) + "[@]}\" may be empty: write "
                            + guard + "\"${" + array.group(1) + "[@]}\"} (bash < 4.4 with set -u)");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * Whether every assignment to array {@code name} in the script lists at least one word literally
     * ({@code name=(a b)}, {@code local name=(a)}, {@code name+=(...)}), so that it can never be empty.
     */
    private static boolean isNonEmptyLiteral(List<String> lines, String name) {
        Pattern assignment = Pattern.compile("(^|[\\s;])" + name + "\\+?=\\(([^)]*)\\)");
        boolean any = false;
        for (String line : lines) {
            Matcher m = assignment.matcher(line);
            while (m.find()) {
                any = true;
                String words = m.group(2).strip();
                if (words.isEmpty() || words.startsWith("$")) {
                    return false;
                }
            }
        }
        return any;
    }
}
