package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads required typed fields from bundle JSON files; every error names the file and the field. */
final class JsonFields {
    private final String file;

    JsonFields(String file) {
        this.file = file;
    }

    JsonNode node(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            throw error("missing '" + field + "'");
        }
        return n;
    }

    String text(JsonNode parent, String field) {
        JsonNode n = node(parent, field);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw error("'" + field + "' must be a non-empty string");
        }
        return n.asText();
    }

    String optText(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull() ? null : text(parent, field);
    }

    int positiveInt(JsonNode parent, String field) {
        JsonNode n = node(parent, field);
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
            throw error("'" + field + "' must be a positive integer");
        }
        return n.asInt();
    }

    double number(JsonNode parent, String field) {
        JsonNode n = node(parent, field);
        if (!n.isNumber()) {
            throw error("'" + field + "' must be a number");
        }
        return n.asDouble();
    }

    double[] numbers(JsonNode parent, String field) {
        JsonNode n = node(parent, field);
        if (!n.isArray()) {
            throw error("'" + field + "' must be an array of numbers");
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isNumber() || !Double.isFinite(n.get(i).asDouble())) {
                throw error("'" + field + "' must hold finite numbers only");
            }
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    float[] floats(JsonNode parent, String field) {
        double[] d = numbers(parent, field);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    ModelException error(String message) {
        return new ModelException(file + ": " + message);
    }
}
