package io.certatlas.store.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Snapshots named without the transactions that only stored certificate documents. */
class DocumentTransactionsTest {

    @Test
    void aSnapshotAfterOnlyDocumentStoresIsNamedAsTheOneBefore() {
        DocumentTransactions own = new DocumentTransactions();
        String before = own.name("100:105:");
        own.add(105);
        own.add(106);
        assertThat(own.name("105:107:")).isEqualTo(before);
        // While a store is in progress it is left out of the transactions in progress too.
        own.add(107);
        assertThat(own.name("107:108:107")).isEqualTo(before);
    }

    @Test
    void anyOtherWriteStillGivesANewName() {
        DocumentTransactions own = new DocumentTransactions();
        String before = own.name("100:105:");
        own.add(105);
        // 106 is someone else's write, committed: the rows it wrote are seen.
        assertThat(own.name("100:107:")).isNotEqualTo(before);
        own.add(107);
        assertThat(own.name("100:108:")).isEqualTo(own.name("100:107:"));
        // A write in progress then, committed later: two different views.
        assertThat(own.name("100:105:103")).isNotEqualTo(own.name("100:105:"));
        assertThat(own.name("100:105:103,101")).isEqualTo(own.name("100:105:101,103"));
    }

    @Test
    void textOfAnotherFormIsItsOwnName() {
        DocumentTransactions own = new DocumentTransactions();
        own.add(5);
        assertThat(own.name("replica@1f")).isEqualTo("replica@1f");
        assertThat(own.name("a:b:c")).isEqualTo("a:b:c");
    }
}
