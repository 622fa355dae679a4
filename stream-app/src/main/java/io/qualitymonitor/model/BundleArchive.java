package io.qualitymonitor.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks a zipped bundle into a temporary folder: files at the archive root or inside one top
 * folder; no paths outside it, at most {@link #MAX_BYTES} in all.
 */
final class BundleArchive {
    static final long MAX_BYTES = 4L * 1024 * 1024 * 1024;
    private static final int MAX_ENTRIES = 256;

    private BundleArchive() {}

    static Path unpack(Path zip) {
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Path out = Files.createTempDirectory("qm-bundle-");
            out.toFile().deleteOnExit();
            String prefix = topFolder(zf);
            long total = 0;
            int count = 0;
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || ++count > MAX_ENTRIES) {
                    continue;
                }
                String name = e.getName().substring(prefix.length());
                if (name.isEmpty()
                        || name.contains("/")
                        || name.contains("\\")
                        || name.startsWith(".")) {
                    continue;
                }
                Path target = out.resolve(name);
                total += copy(zf, e, target, MAX_BYTES - total);
                target.toFile().deleteOnExit();
            }
            return out;
        } catch (IOException e) {
            throw new ModelException(
                    "model bundle " + zip + ": not a readable zip (" + e.getMessage() + ")", e);
        }
    }

    private static String topFolder(ZipFile zf) {
        if (zf.getEntry("bundle.json") != null) {
            return "";
        }
        return zf.stream()
                .map(ZipEntry::getName)
                .filter(n -> n.endsWith("/bundle.json") && n.indexOf('/') == n.length() - 12)
                .map(n -> n.substring(0, n.length() - "bundle.json".length()))
                .findFirst()
                .orElse("");
    }

    private static long copy(ZipFile zf, ZipEntry e, Path target, long budget) throws IOException {
        long n = 0;
        try (InputStream in = zf.getInputStream(e);
                OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
                if (n > budget) {
                    throw new IOException("unpacked size over " + MAX_BYTES + " bytes");
                }
                out.write(buf, 0, r);
            }
        }
        return n;
    }
}
