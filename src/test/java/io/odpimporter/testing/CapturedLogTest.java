package io.odpimporter.testing;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared log capture: one class's records during one test, filtered by level, messages formatted. */
class CapturedLogTest {

    private static final Logger LOG = Logger.getLogger(CapturedLogTest.class);

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(CapturedLogTest.class);

    @Test
    void capturesTheClassRecordsAtOrAboveALevelWithTheirParametersFilledIn() {
        LOG.debugf("detail %d", 1);
        LOG.infof("batch size for %s lowered to %d", "stores", 60);
        LOG.warn("gone");
        Logger.getLogger("some.other.Class").error("not this class");

        assertThat(log.messages(Level.INFO)).containsExactly("batch size for stores lowered to 60", "gone");
        assertThat(log.atLeast(Level.WARNING)).hasSize(1);
    }

    @Test
    void eachTestSeesOnlyItsOwnRecords() {
        LOG.info("second test");

        assertThat(log.messages(Level.INFO)).containsExactly("second test");
    }
}
