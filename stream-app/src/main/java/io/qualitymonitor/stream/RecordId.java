package io.qualitymonitor.stream;

/**
 * Returns where an input record was read: topic, partition and offset, unique per record; the key
 * of the scoring buffer.
 */
public record RecordId(String topic, int partition, long offset) {

    /** Returns the key of the record in the buffer store. */
    public String storeKey() {
        return topic + "/" + partition + "/" + offset;
    }
}
