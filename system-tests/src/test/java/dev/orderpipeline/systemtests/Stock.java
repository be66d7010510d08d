package dev.orderpipeline.systemtests;

import com.mongodb.client.model.Filters;
import org.bson.Document;

import static org.assertj.core.api.Assertions.assertThat;

/** A SKU's stock document as the inventory worker keeps it, read straight from MongoDB. */
record Stock(String sku, long stocked, long available, long held, long sold, int holds) {

    static Stock of(String sku) {
        Document doc = Pipeline.mongo().getDatabase("inventory").getCollection("stock")
                .find(Filters.eq("_id", sku)).first();
        assertThat(doc).as("stock of " + sku).isNotNull();
        Document holds = doc.get("holds", Document.class);
        return new Stock(sku, number(doc, "stocked"), number(doc, "available"), number(doc, "held"),
                number(doc, "sold"), holds == null ? 0 : holds.size());
    }

    /** available + held + sold == stocked, and nothing negative. */
    Stock assertConserved() {
        assertThat(available + held + sold).as("available + held + sold of " + sku).isEqualTo(stocked);
        assertThat(available).as("available of " + sku).isNotNegative();
        assertThat(held).as("held of " + sku).isNotNegative();
        return this;
    }

    private static long number(Document doc, String field) {
        return ((Number) doc.get(field)).longValue();
    }
}
