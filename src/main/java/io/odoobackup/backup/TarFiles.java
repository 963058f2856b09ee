package io.odoobackup.backup;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A tar stream passing through, its regular files counted from their headers as they pass (512-byte blocks:
 * a header, then the file's data rounded up to whole blocks). Extension headers (GNU long names, pax) are
 * skipped, not counted.
 */
public final class TarFiles extends OutputStream {

    private static final int BLOCK = 512;

    private final OutputStream out;
    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long skip;
    private long files;

    private final long maxExtension;

    public TarFiles(OutputStream out) {
        this(out, Long.MAX_VALUE);
    }

    /**
     * With a bound on extension headers (GNU long names, pax), which a tar reader holds in memory whole: for an archive
     * read before its checksum is known. A larger one fails the write that brings its header.
     */
    public TarFiles(OutputStream out, long maxExtension) {
        this.out = out;
        this.maxExtension = maxExtension;
    }

    /** Regular files seen so far. */
    public long files() {
        return files;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (skip > 0) {
                int n = (int) Math.min(skip, end - i);
                skip -= n;
                i += n;
                continue;
            }
            int n = Math.min(BLOCK - headerFill, end - i);
            System.arraycopy(bytes, i, header, headerFill, n);
            headerFill += n;
            i += n;
            if (headerFill == BLOCK) {
                headerFill = 0;
                readHeader();
            }
        }
    }

    private void readHeader() throws IOException {
        if (header[0] == 0) {
            return; // the two empty blocks that end an archive
        }
        byte type = header[156];
        if (type == '0' || type == 0 || type == '7') {
            files++;
        }
        long size = size();
        if ((type == 'L' || type == 'K' || type == 'x' || type == 'g') && (size < 0 || size > maxExtension)) {
            throw new IOException("the filestore archive has an extension header of " + size + " bytes (at most " + maxExtension
                    + "): it is not an archive this service made");
        }
        skip = (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** The size field: octal text, or binary (GNU base-256) for files of 8 GiB and more. */
    private long size() {
        if ((header[124] & 0x80) != 0) {
            long size = 0;
            for (int i = 125; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xff);
            }
            return size;
        }
        long size = 0;
        for (int i = 124; i < 136; i++) {
            byte b = header[i];
            if (b >= '0' && b <= '7') {
                size = size * 8 + (b - '0');
            } else if (size > 0 || (b != ' ' && b != 0)) {
                break;
            }
        }
        return size;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
