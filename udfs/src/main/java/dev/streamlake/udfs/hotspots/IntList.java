package dev.streamlake.udfs.hotspots;

import java.util.Arrays;

/** A growable list of ints without boxing; removal swaps in the last element (order not kept). */
final class IntList {
    private int[] items;
    private int size;

    IntList(int capacity) {
        items = new int[Math.max(1, capacity)];
    }

    void add(int value) {
        if (size == items.length) items = Arrays.copyOf(items, size * 2);
        items[size++] = value;
    }

    /** Removes one occurrence of {@code value}; returns whether there was one. */
    boolean removeValue(int value) {
        for (int i = 0; i < size; i++) {
            if (items[i] == value) {
                items[i] = items[--size];
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the last element. */
    int pop() {
        return items[--size];
    }

    int get(int index) {
        return items[index];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }
}
