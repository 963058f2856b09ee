package io.odoobackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarFilesTest {

    @Test
    void regularFilesAreCountedFromTheHeadersOfARealTar(@TempDir Path dir) throws Exception {
        Path content = Files.createDirectories(dir.resolve("content"));
        Random random = new Random(1);
        for (int i = 0; i < 40; i++) {
            Path folder = Files.createDirectories(content.resolve("d" + (i % 7)));
            byte[] bytes = new byte[random.nextInt(3000)];
            random.nextBytes(bytes);
            Files.write(folder.resolve("f" + i), bytes);
        }
        Files.write(content.resolve("x".repeat(150) + ".long-name"), new byte[] {1, 2, 3}); // a GNU long name header
        Files.createFile(content.resolve("empty"));
        Files.createSymbolicLink(content.resolve("link"), content.resolve("empty"));
        Path tar = dir.resolve("content.tar");
        Process process = new ProcessBuilder("tar", "-cf", tar.toString(), "-C", content.toString(), ".").inheritIO().start();
        assertThat(process.waitFor()).isZero();
        byte[] archive = Files.readAllBytes(tar);
        TarFiles files = new TarFiles(OutputStream.nullOutputStream());
        for (int i = 0; i < archive.length; ) {
            int n = Math.min(archive.length - i, 1 + random.nextInt(1500));
            files.write(archive, i, n);
            i += n;
        }
        assertThat(files.files()).isEqualTo(42);
    }
}
