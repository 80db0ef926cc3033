package io.enclavesuite.suite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One suite per data folder: two would share PostgreSQL's and Kafka's files. Holding the lock also tells a starting
 * suite that a server still running on the folder was left behind by a dead one and may be stopped. The operating
 * system releases the lock when the process ends, however it ends.
 */
final class DataFolderLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataFolderLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve("suite.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held in this very JVM
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another Enclave Suite is running with the data folder " + dataDir
                    + ": stop it first, or give this one another --data-dir=");
        }
        return new DataFolderLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
