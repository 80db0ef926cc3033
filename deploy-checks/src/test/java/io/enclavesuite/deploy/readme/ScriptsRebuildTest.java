package io.enclavesuite.deploy.readme;

import io.enclavesuite.deploy.Repository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/enclave-suite, bin/enclavectl and bin/verify-receipt rebuild their jar when a source of a module it is built
 * from is newer than the jar; each names those modules in a list. A module the jar comes to depend on and the list
 * misses would leave a newcomer running yesterday's code after an edit: the lists are held to the poms.
 */
class ScriptsRebuildTest {

    private static final Pattern MODULES = Pattern.compile("for module in ([a-z0-9 -]+); do");

    @ParameterizedTest
    @CsvSource({"bin/enclave-suite, suite", "bin/enclavectl, enclavectl", "bin/verify-receipt, receipts"})
    void aScriptWatchesEveryModuleItsJarIsBuiltFrom(String script, String module) throws Exception {
        Matcher listed = MODULES.matcher(Files.readString(Repository.file(script)));
        assertThat(listed.find()).as("%s names the modules it rebuilds from", script).isTrue();
        Set<String> watched = new TreeSet<>(List.of(listed.group(1).trim().split(" +")));

        assertThat(watched).as("%s's list of modules", script).containsAll(builtFrom(module));
        assertThat(watched).allSatisfy(name ->
                assertThat(Repository.file(name + "/pom.xml")).as("module %s of %s", name, script).exists());
    }

    /** The module and every suite module it depends on outside tests, through their poms. */
    private static Set<String> builtFrom(String module) throws Exception {
        Set<String> found = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(module));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (found.add(next)) {
                todo.addAll(suiteDependencies(Repository.file(next + "/pom.xml")));
            }
        }
        return found;
    }

    private static List<String> suiteDependencies(Path pom) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList dependencies = document.getElementsByTagName("dependency");
        List<String> modules = new java.util.ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            // only the project's own <dependencies>, not <dependencyManagement> or a plugin's
            if (!"dependencies".equals(dependency.getParentNode().getNodeName())
                    || !"project".equals(dependency.getParentNode().getParentNode().getNodeName())) {
                continue;
            }
            if ("io.enclavesuite".equals(text(dependency, "groupId")) && !"test".equals(text(dependency, "scope"))) {
                modules.add(text(dependency, "artifactId"));
            }
        }
        return modules;
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
