package dev.confiture.schema.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two snapshots object by object. An object is identified by its type and qualified name;
 * a column, constraint, index or trigger of a table or view that is itself missing (or extra) is not listed
 * again. The result is sorted by object type, name and attribute, so it is the same on every run.
 */
final class SchemaDiff {

    private static final Comparator<Difference> ORDER = Comparator.comparing(Difference::objectType)
            .thenComparing(Difference::name)
            .thenComparing(difference -> Objects.requireNonNullElse(difference.attribute(), ""));

    private SchemaDiff() {
    }

    /**
     * @param expected the schema the database should have
     * @param actual the schema it has
     * @return the differences; empty when they are the same
     */
    public static List<Difference> diff(SchemaSnapshot expected, SchemaSnapshot actual) {
        Map<Key, CatalogObject> want = index(expected);
        Map<Key, CatalogObject> have = index(actual);
        Set<String> missingParents = new HashSet<>();
        Set<String> extraParents = new HashSet<>();
        for (Key key : want.keySet()) {
            if (isParent(key.type()) && !have.containsKey(key)) {
                missingParents.add(key.name());
            }
        }
        for (Key key : have.keySet()) {
            if (isParent(key.type()) && !want.containsKey(key)) {
                extraParents.add(key.name());
            }
        }
        List<Difference> differences = new ArrayList<>();
        for (Map.Entry<Key, CatalogObject> entry : want.entrySet()) {
            CatalogObject wanted = entry.getValue();
            CatalogObject had = have.get(entry.getKey());
            if (had == null) {
                if (wanted.parent() == null || !missingParents.contains(wanted.parent())) {
                    differences.add(new Difference(DifferenceKind.MISSING, wanted.type(), wanted.name(), null,
                            wanted.summary(), null));
                }
                continue;
            }
            Set<String> attributes = new TreeSet<>(wanted.attributes().keySet());
            attributes.addAll(had.attributes().keySet());
            for (String attribute : attributes) {
                String before = wanted.attributes().get(attribute);
                String after = had.attributes().get(attribute);
                if (!Objects.equals(before, after)) {
                    differences.add(new Difference(DifferenceKind.CHANGED, wanted.type(), wanted.name(), attribute, before,
                            after));
                }
            }
        }
        for (Map.Entry<Key, CatalogObject> entry : have.entrySet()) {
            CatalogObject had = entry.getValue();
            if (!want.containsKey(entry.getKey()) && (had.parent() == null || !extraParents.contains(had.parent()))) {
                differences.add(new Difference(DifferenceKind.EXTRA, had.type(), had.name(), null, null, had.summary()));
            }
        }
        differences.sort(ORDER);
        return differences;
    }

    private static boolean isParent(ObjectType type) {
        return type == ObjectType.TABLE || type == ObjectType.VIEW;
    }

    private static Map<Key, CatalogObject> index(SchemaSnapshot snapshot) {
        Map<Key, CatalogObject> map = new LinkedHashMap<>();
        for (CatalogObject object : snapshot.objects()) {
            map.put(new Key(object.type(), object.name()), object);
        }
        return map;
    }

    private record Key(ObjectType type, String name) {
    }
}
