package dev.portex.internal.loadgen;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Compresses a set of document ordinals into sorted, merged, inclusive ranges: {1,2,3,7} -> [[1,3],[7,7]]. */
public final class SeqRanges {
    private SeqRanges() {
    }

    public static List<int[]> of(BitSet seqs) {
        List<int[]> ranges = new ArrayList<>();
        int from = seqs.nextSetBit(0);
        while (from >= 0) {
            int to = seqs.nextClearBit(from) - 1;
            ranges.add(new int[] {from, to});
            from = seqs.nextSetBit(to + 1);
        }
        return ranges;
    }

    public static BitSet toBitSet(List<int[]> ranges) {
        BitSet set = new BitSet();
        for (int[] r : ranges) {
            set.set(r[0], r[1] + 1);
        }
        return set;
    }
}
