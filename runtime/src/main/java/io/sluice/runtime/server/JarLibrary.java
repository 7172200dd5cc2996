package io.sluice.runtime.server;

import io.sluice.runtime.launch.JobJar;
import io.sluice.runtime.launch.JobLoadException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The jars uploaded to the runtime, in {@code <data>/jars/<id>.jar} with {@code <id>.properties}
 * (name, upload time). An id is the start of the content's SHA-256, so ids from requests are
 * checked against that shape before they name a file. Thread-safe.
 */
final class JarLibrary {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]");

    private final Path directory;
    private final long maxBytes;

    JarLibrary(Path dataDirectory, long maxBytes) throws IOException {
        this.directory = Files.createDirectories(dataDirectory.resolve("jars"));
        this.maxBytes = maxBytes;
    }

    /**
     * Stores the jar read from {@code in}; refuses (with {@link ApiException}) one larger than the
     * limit or one that is not a jar, keeping nothing of it.
     */
    synchronized StoredJar upload(InputStream in, String name) throws IOException {
        Path tmp = Files.createTempFile(directory, "upload-", ".tmp");
        try {
            MessageDigest sha = sha256();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(tmp)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw new ApiException(413, "the jar is larger than the runtime accepts (" + maxBytes
                                + " bytes, runtime.max-upload-bytes)");
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            if (size == 0) {
                throw new ApiException(400, "the upload is empty: send the jar's bytes as the request body (curl"
                        + " --data-binary @job.jar) or as the form field 'jar'");
            }
            String jobClass;
            try {
                jobClass = JobJar.namedJobClass(tmp);
            } catch (JobLoadException e) {
                throw new ApiException(400, (name == null ? "the upload" : name) + " is not a job jar: "
                        + e.getMessage().replace(tmp.toString(), name == null ? "it" : name));
            }
            String id = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            String safeName = name == null || name.isBlank() ? id + ".jar" : SAFE_NAME.matcher(
                    Path.of(name.replace('\\', '/')).getFileName().toString()).replaceAll("_");
            Path jar = directory.resolve(id + ".jar");
            if (!Files.exists(jar)) {
                Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
                Properties p = new Properties();
                p.setProperty("name", safeName);
                p.setProperty("uploaded-at", Instant.now().toString());
                try (OutputStream out = Files.newOutputStream(directory.resolve(id + ".properties"))) {
                    p.store(out, "an uploaded job jar");
                }
            }
            return get(id);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The jar with this id; 404 when there is none, 400 when the id cannot be one. */
    synchronized StoredJar get(String id) throws IOException {
        checkId(id);
        Path jar = directory.resolve(id + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new ApiException(404, "no jar " + id + " in this runtime; list them with GET /api/jars");
        }
        Properties p = new Properties();
        Path props = directory.resolve(id + ".properties");
        if (Files.exists(props)) {
            try (InputStream in = Files.newInputStream(props)) {
                p.load(in);
            }
        }
        String jobClass;
        try {
            jobClass = JobJar.namedJobClass(jar);
        } catch (JobLoadException e) {
            jobClass = null;
        }
        Instant uploaded = p.containsKey("uploaded-at") ? Instant.parse(p.getProperty("uploaded-at"))
                : Files.getLastModifiedTime(jar).toInstant();
        return new StoredJar(id, p.getProperty("name", id + ".jar"), jar, Files.size(jar), uploaded, jobClass);
    }

    synchronized List<StoredJar> all() throws IOException {
        List<StoredJar> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList()) {
                String id = f.getFileName().toString().replace(".jar", "");
                if (ID.matcher(id).matches()) {
                    all.add(get(id));
                }
            }
        }
        all.sort(Comparator.comparing(StoredJar::uploadedAt));
        return all;
    }

    synchronized void delete(String id) throws IOException {
        get(id); // 404 if missing
        Files.deleteIfExists(directory.resolve(id + ".properties"));
        Files.deleteIfExists(directory.resolve(id + ".jar"));
    }

    /** The id a jar has by its content; null when it cannot be read. */
    static String idOf(Path jar) {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            return null;
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ApiException(400, "'" + abbreviate(id) + "' is not a jar id (16 hex digits, as POST /api/jars"
                    + " returned)");
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
