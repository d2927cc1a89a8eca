package dev.streamlake.udfs.validate;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The field names of the JSON objects being read, innermost last, to reject a name that repeats
 * within one object, at any depth.
 *
 * <p>Jackson's own check ({@code STRICT_DUPLICATE_DETECTION}) builds a hash set for every object of
 * three or more names: a tenth of the validator's time on typical records. Objects here have a few
 * to a dozen names, so comparing the (cached) hashes of the names seen so far is cheaper and
 * allocates nothing; an object that grows past {@link #SCAN_LIMIT} names moves into a hash set, so
 * a record with thousands of names is still checked in linear time. Reused for every record.
 */
final class ObjectNames {
    static final int SCAN_LIMIT = 32;

    private String[] names = new String[64];
    private int[] hashes = new int[64];
    private int size;

    /** Per open object: where its names start, or its hash set once it has many. */
    private int[] starts = new int[8];

    private Set<String>[] large = newSetArray(8);
    private int depth;

    /** Forgets everything: called before each record, also after one that failed mid-way. */
    void clear() {
        Arrays.fill(large, 0, depth, null);
        size = 0;
        depth = 0;
    }

    void enterObject() {
        if (depth == starts.length) {
            starts = Arrays.copyOf(starts, depth * 2);
            large = Arrays.copyOf(large, depth * 2);
        }
        starts[depth++] = size;
    }

    void exitObject() {
        depth--;
        size = starts[depth];
        large[depth] = null;
    }

    /** Adds a name to the innermost open object; false if that object already has it. */
    boolean add(String name) {
        int level = depth - 1;
        if (large[level] != null) return large[level].add(name);
        int hash = name.hashCode();
        int start = starts[level];
        for (int i = start; i < size; i++) {
            if (hashes[i] == hash && names[i].equals(name)) return false;
        }
        if (size - start == SCAN_LIMIT) {
            Set<String> set = new HashSet<>(Arrays.asList(names).subList(start, size));
            large[level] = set;
            size = start; // deeper objects reuse the slots; this one is in the set now
            return set.add(name);
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        names[size] = name;
        hashes[size++] = hash;
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] newSetArray(int n) {
        return (Set<String>[]) new Set<?>[n];
    }
}
