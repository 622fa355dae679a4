package io.qualitymonitor.tools.evaluate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Returns the image files of a labels file, resolved against an images folder and checked to exist
 * before any scoring starts.
 *
 * @param files one file per label row, in row order
 * @param labels the labels as read
 */
public record LabelledImages(List<Path> files, Labels labels) {

    /**
     * Returns the files named in {@code labels} under {@code imagesDir}.
     *
     * @throws EvaluationException when the folder or a named image is missing (one line, naming the
     *     first missing image and how many are missing)
     */
    public static LabelledImages resolve(Path imagesDir, Labels labels) {
        if (!Files.isDirectory(imagesDir)) {
            throw new EvaluationException("images folder not found: " + imagesDir);
        }
        List<Path> files = new ArrayList<>(labels.size());
        String firstMissing = null;
        int missing = 0;
        for (String name : labels.images()) {
            Path p = imagesDir.resolve(name).normalize();
            if (!Files.isRegularFile(p)) {
                missing++;
                firstMissing = firstMissing == null ? name : firstMissing;
            }
            files.add(p);
        }
        if (missing > 0) {
            throw new EvaluationException(
                    "image '"
                            + firstMissing
                            + "' named in the labels is not in "
                            + imagesDir
                            + (missing > 1 ? " (" + missing + " images missing)" : ""));
        }
        return new LabelledImages(List.copyOf(files), labels);
    }

    /**
     * Returns an id per image that is the same for images in the same folder, e.g. distorted
     * versions of one photo kept in one sub-folder per photo.
     */
    public int[] folderIds() {
        java.util.Map<Path, Integer> ids = new java.util.HashMap<>();
        return files.stream()
                .mapToInt(f -> ids.computeIfAbsent(f.getParent(), k -> ids.size()))
                .toArray();
    }
}
