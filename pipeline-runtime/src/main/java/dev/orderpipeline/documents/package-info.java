/**
 * The MongoDB document shapes of the pipeline, one record per collection, mapped by Spring Data
 * MongoDB. Each is written by one service (its owner) and read by others, from this one definition,
 * so writer and readers cannot drift apart: {@code carts} and {@code orders} belong to the order
 * processor, {@code products} and {@code stock} to the inventory worker; the storefront reads them all.
 */
package dev.orderpipeline.documents;
