package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Returns the prompt pairs of a vision-language bundle ({@code prompts.json}).
 *
 * @param quality the pair that gives the zero-shot quality score
 * @param attributes one pair per attribute (sharpness, noise, ...), in file order
 */
public record Prompts(PromptPair quality, Map<String, PromptPair> attributes) {

    static Prompts parse(JsonNode root, String file, int embedDim) {
        JsonFields f = new JsonFields(file);
        PromptPair quality = pair(f, "quality", f.node(root, "quality"), embedDim);
        Map<String, PromptPair> attributes = new LinkedHashMap<>();
        JsonNode attrs = root.path("attributes");
        for (var e : attrs.properties()) {
            attributes.put(e.getKey(), pair(f, e.getKey(), e.getValue(), embedDim));
        }
        return new Prompts(quality, java.util.Collections.unmodifiableMap(attributes));
    }

    private static PromptPair pair(JsonFields f, String name, JsonNode n, int dim) {
        float[] pos = f.floats(n, "positive_embedding");
        float[] neg = f.floats(n, "negative_embedding");
        if (pos.length != dim || neg.length != dim) {
            throw f.error("prompt '" + name + "' embeddings must have " + dim + " values");
        }
        return new PromptPair(name, f.text(n, "positive"), f.text(n, "negative"), pos, neg);
    }
}
