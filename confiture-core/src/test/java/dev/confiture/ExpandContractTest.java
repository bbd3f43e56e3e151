package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.execution.MigrateResult;
import dev.confiture.migration.Phase;
import dev.confiture.state.MigrationState;
import dev.confiture.status.StatusJson;
import dev.confiture.status.StatusReport;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import dev.confiture.tracking.InstanceHeartbeat;
import dev.confiture.tracking.LiveInstance;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expand and contract: a {@code phase=contract} migration is held (not failed) while an instance of an older build,
 * one whose newest migration is older than the contract migration, has a live heartbeat in
 * {@code tb_confiture_instance}; the first migrate after that instance stops (or expires) applies it.
 */
@ExtendWith(PostgresExtension.class)
class ExpandContractTest {

    @TempDir
    Path oldBuild;

    @TempDir
    Path newBuild;

    /** Build 1.0 ships 001 and is migrated and live; build 2.0 adds an expand, a contract and a plain migration. */
    private MigrationDirectory[] builds(TestDatabase database) {
        MigrationDirectory old = new MigrationDirectory(oldBuild)
                .write("001_orders.up.sql", "CREATE TABLE orders (id int PRIMARY KEY, customer text);");
        old.confiture(database).migrate();
        MigrationDirectory current = new MigrationDirectory(newBuild)
                .write("001_orders.up.sql", "CREATE TABLE orders (id int PRIMARY KEY, customer text);")
                .write("002_customer_id.up.sql", "-- confiture: phase=expand\nALTER TABLE orders ADD COLUMN customer_id int;")
                .write("003_drop_customer.up.sql", "-- confiture: phase=contract\nALTER TABLE orders DROP COLUMN customer;")
                .write("004_note.up.sql", "ALTER TABLE orders ADD COLUMN note text;");
        return new MigrationDirectory[] { old, current };
    }

    private static LiveInstance.Identity instance(String id, String build) {
        return new LiveInstance.Identity("orders", id, build, null, "host-" + id);
    }

    private static java.util.List<String> columns(TestDatabase database) {
        return Sql.column(database, "SELECT column_name FROM information_schema.columns WHERE table_name = 'orders' "
                + "ORDER BY ordinal_position");
    }

    @Test
    void aContractMigrationWaitsForTheOlderBuildAndTheFirstMigrateAfterItStopsAppliesIt(TestDatabase database) {
        MigrationDirectory[] builds = builds(database);
        InstanceHeartbeat old = builds[0].confiture(database).registerInstance(instance("pod-a", "1.0"));
        assertThat(old.identity().schemaVersion()).as("the newest migration its build ships").isEqualTo("001");
        Confiture current = builds[1].confiture(database);
        InstanceHeartbeat fresh = current.registerInstance(instance("pod-b", "2.0"));

        StatusReport before = current.status();
        assertThat(before.migration("002").orElseThrow().status()).isEqualTo(MigrationState.PENDING);
        assertThat(before.migration("003").orElseThrow().status()).isEqualTo(MigrationState.HELD);
        assertThat(before.migration("003").orElseThrow().phase()).isEqualTo(Phase.CONTRACT);
        assertThat(before.migration("004").orElseThrow().status()).as("versions apply in order").isEqualTo(MigrationState.HELD);
        assertThat(before.pending()).containsExactly("002");
        assertThat(before.held()).containsExactly("003", "004");
        assertThat(before.summary().pending()).isEqualTo(1);
        assertThat(before.summary().held()).isEqualTo(2);
        assertThat(before.liveBuilds()).extracting(build -> build.buildVersion() + "@" + build.schemaVersion() + ":"
                + build.instances().get(0).instanceId()).containsExactly("1.0@001:pod-a", "2.0@004:pod-b");
        Problem note = before.problems().stream().filter(problem -> problem.code() == ErrorCode.CONTRACT_HELD)
                .findFirst().orElseThrow();
        assertThat(note.isError()).isFalse();
        assertThat(note.message()).contains("003_drop_customer", "004_note", "orders/pod-a", "build 1.0",
                "schema version 001").doesNotContain("pod-b");
        assertThat(StatusJson.write(before)).contains("\"held\":[\"003\",\"004\"]", "\"live_builds\":[",
                "\"build_version\":\"1.0\"", "\"phase\":\"contract\"", "\"status\":\"held\"");

        assertThat(current.plan().migrations()).extracting(analysis -> analysis.slug())
                .as("held migrations are planned too").containsExactly("002_customer_id", "003_drop_customer", "004_note");

        MigrateResult first = current.migrate();
        assertThat(first.applied()).extracting(execution -> execution.slug()).containsExactly("002_customer_id");
        assertThat(first.held()).containsExactly("003_drop_customer", "004_note");
        assertThat(columns(database)).containsExactly("id", "customer", "customer_id");
        StatusReport whileHeld = current.status();
        assertThat(whileHeld.summary().upToDate()).as("as far as it may go: readiness is not held back").isTrue();
        assertThat(whileHeld.summary().pending()).isZero();

        assertThat(current.migrate().applied()).as("still held while pod-a beats").isEmpty();
        try {
            old.beat();
            old.close();
        }
        catch (java.sql.SQLException ex) {
            throw new AssertionError(ex);
        }
        MigrateResult after = current.migrate();
        assertThat(after.applied()).extracting(execution -> execution.slug()).containsExactly("003_drop_customer", "004_note");
        assertThat(after.held()).isEmpty();
        assertThat(columns(database)).containsExactly("id", "customer_id", "note");
        assertThat(current.status().liveBuilds()).extracting(build -> build.buildVersion()).containsExactly("2.0");
        assertThat(fresh.identity().schemaVersion()).isEqualTo("004");
    }

    @Test
    void anInstanceThatStopsBeatingExpiresAndABeatAfterThatRegistersItAgain(TestDatabase database) throws Exception {
        MigrationDirectory[] builds = builds(database);
        InstanceHeartbeat old = builds[0].confiture(database).registerInstance(instance("pod-a", "1.0"));
        Confiture current = builds[1].confiture(database, builder -> builder.instanceExpireAfter(Duration.ofMinutes(1)));
        assertThat(current.migrate().held()).hasSize(2);

        // pod-a crashed: no more heartbeats, no removal; the database clock moves past the expiry
        Sql.execute(database, "UPDATE tb_confiture_instance SET last_seen_at = now() - interval '61 seconds'");
        assertThat(current.liveInstances()).isEmpty();
        assertThat(current.migrate().applied()).extracting(execution -> execution.slug())
                .containsExactly("003_drop_customer", "004_note");

        // another instance's registration deletes expired rows; the stale instance's next beat writes it back
        current.registerInstance(instance("pod-b", "2.0"));
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_instance")).isEqualTo("1");
        old.beat();
        assertThat(current.liveInstances()).extracting(live -> live.identity().instanceId())
                .containsExactlyInAnyOrder("pod-a", "pod-b");
    }

    @Test
    void onlyOlderBuildsHoldAContractAndHoldingCanBeTurnedOff(TestDatabase database) {
        MigrationDirectory[] builds = builds(database);
        Confiture current = builds[1].confiture(database);
        current.registerInstance(instance("pod-b", "2.0"));
        current.registerInstance(new LiveInstance.Identity("orders", "pod-c", "2.0-hotfix", "3", null));
        assertThat(current.status().held()).as("builds that ship the contract migration do not hold it").isEmpty();

        builds[0].confiture(database).registerInstance(instance("pod-a", "1.0"));
        assertThat(current.status().held()).containsExactly("003", "004");
        assertThat(builds[1].confiture(database, builder -> builder.holdContract(false)).migrate().applied())
                .as("hold-contract=false: the operator's override").hasSize(3);
    }

    @Test
    void aRefusedHeartbeatIsAClearErrorAndAMigrateIsNotHeldByWhatWasNeverWritten(TestDatabase database) {
        MigrationDirectory[] builds = builds(database);
        Confiture current = builds[1].confiture(database);
        current.registerInstance(instance("pod-b", "2.0"));
        Sql.execute(database, "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'instances are read-only here'; END $$; CREATE TRIGGER refuse BEFORE INSERT ON "
                + "tb_confiture_instance FOR EACH ROW EXECUTE FUNCTION refuse()");

        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> builds[0].confiture(database).registerInstance(instance("pod-a", "1.0")))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
                    assertThat(error.getMessage()).contains("orders/pod-a", "public.tb_confiture_instance",
                            "instances are read-only here");
                });
        assertThat(current.liveInstances()).extracting(live -> live.identity().instanceId()).containsExactly("pod-b");
    }

    @Test
    void twoInstancesWithTheSameNameAreTwoRegistrations(TestDatabase database) {
        MigrationDirectory[] builds = builds(database);
        builds[0].confiture(database).registerInstance(instance("node-a:1", "1.0"));
        Confiture current = builds[1].confiture(database);
        current.registerInstance(instance("node-a:1", "2.0"));

        assertThat(current.liveInstances()).extracting(live -> live.identity().buildVersion())
                .containsExactlyInAnyOrder("1.0", "2.0");
        assertThat(current.migrate().held()).containsExactly("003_drop_customer", "004_note");
    }

    @Test
    void aBuildThatDoesNotShipAnOutOfOrderContractMigrationHoldsItWhateverItsSchemaVersion(TestDatabase database,
            @TempDir Path third) {
        MigrationDirectory old = new MigrationDirectory(third)
                .write("001_orders.up.sql", "CREATE TABLE orders (id int PRIMARY KEY, customer text);")
                .write("004_note.up.sql", "ALTER TABLE orders ADD COLUMN note text;");
        old.confiture(database).migrate();
        old.confiture(database).registerInstance(instance("pod-a", "1.0"));
        MigrationDirectory current = new MigrationDirectory(newBuild)
                .write("001_orders.up.sql", "CREATE TABLE orders (id int PRIMARY KEY, customer text);")
                .write("003_drop_customer.up.sql", "-- confiture: phase=contract\nALTER TABLE orders DROP COLUMN customer;")
                .write("004_note.up.sql", "ALTER TABLE orders ADD COLUMN note text;");

        MigrateResult result = current.confiture(database, builder -> builder.outOfOrder(true)).migrate();
        assertThat(result.applied()).isEmpty();
        assertThat(result.held()).containsExactly("003_drop_customer");
        assertThat(columns(database)).contains("customer");
    }

    @Test
    void anOlderBuildThatStartsDuringTheRunStillHoldsTheContractMigration(TestDatabase database) {
        MigrationDirectory[] builds = builds(database);
        Confiture old = builds[0].confiture(database);
        dev.confiture.api.Callback olderBuildStarts = new dev.confiture.api.Callback() {
            @Override
            public boolean supports(dev.confiture.api.CallbackEvent event) {
                return event == dev.confiture.api.CallbackEvent.AFTER_EACH_MIGRATE;
            }

            @Override
            public void handle(dev.confiture.api.CallbackEvent event, java.sql.Connection connection,
                    @org.jspecify.annotations.Nullable String migration) {
                if ("002_customer_id".equals(migration)) {
                    old.registerInstance(instance("pod-a", "1.0"));
                }
            }
        };
        MigrateResult result = builds[1].confiture(database, builder -> builder.callbacks(java.util.List.of(olderBuildStarts)))
                .migrate();

        assertThat(result.applied()).extracting(execution -> execution.slug()).containsExactly("002_customer_id");
        assertThat(result.held()).containsExactly("003_drop_customer", "004_note");
        assertThat(columns(database)).containsExactly("id", "customer", "customer_id");
    }

    @Test
    void aFailedContractMigrationIsHeldAndRepeatableMigrationsWaitForWhatIsHeld(TestDatabase database) {
        MigrationDirectory[] builds = builds(database);
        builds[1].write("003_drop_customer.up.sql", "-- confiture: phase=contract\nALTER TABLE orders DROP COLUMN nope;")
                .write("R__notes.sql", "CREATE OR REPLACE VIEW v_notes AS SELECT note FROM orders;");
        Confiture current = builds[1].confiture(database);
        assertThatExceptionOfType(dev.confiture.api.MigrationFailedException.class).isThrownBy(current::migrate);

        builds[0].confiture(database).registerInstance(instance("pod-a", "1.0"));
        StatusReport status = current.status();
        assertThat(status.held()).containsExactly("003", "004");
        assertThat(status.summary().pending()).isZero();
        assertThat(status.problems()).extracting(Problem::code).contains(ErrorCode.FAILED_MIGRATION, ErrorCode.CONTRACT_HELD);
        MigrateResult result = current.migrate();
        assertThat(result.applied()).isEmpty();
        assertThat(result.repeatables()).isEmpty();
        assertThat(result.held()).containsExactly("003_drop_customer", "004_note", "R__notes");
        assertThat(result.notes()).filteredOn(note -> note.code() == ErrorCode.CONTRACT_HELD).singleElement()
                .satisfies(note -> assertThat(note.hint()).contains("ConfitureConfiguration.holdContract")
                        .doesNotContain("{{"));
    }

    @Test
    void theInstanceTableIsBookkeepingNotSchema(TestDatabase database) {
        MigrationDirectory[] builds = builds(database);
        Confiture current = builds[1].confiture(database, builder -> builder.holdContract(false));
        current.migrate();
        current.registerInstance(instance("pod-b", "2.0"));
        assertThat(current.drift(dev.confiture.schema.drift.DriftSource.MIGRATIONS).hasDrift()).isFalse();
    }

    @Test
    void aPhaseHeaderIsCheckedLikeEveryOtherHeader(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(newBuild)
                .write("001_x.up.sql", "-- confiture: phase=shrink\nSELECT 1;");
        assertThat(files.confiture(database).status().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
            assertThat(problem.message()).contains("'shrink'", "phase");
            assertThat(problem.hint()).contains("expand, contract");
        });
    }
}
