package dev.streamlake.tools.local;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * The local run's Iceberg catalog kept in step with the lake: its PostgreSQL data lives in {@code
 * target/local-run/postgres}, the tables' files in the lake ({@code ./lake}), so deleting the lake
 * alone leaves catalog entries that point at metadata files no longer there, and the next run
 * failed ({@code NotFoundException} on {@code metadata.json}) when it loaded the table.
 *
 * <p>So, before the job is built, the entries whose current metadata file is gone are dropped (only
 * the entry: there are no files left to delete), and the job creates those tables anew. Chosen over
 * keeping the catalog's data inside the lake folder because the lake may be on (local) S3, where
 * PostgreSQL cannot keep its data, and because it also mends a catalog left from before. Only for
 * the catalog the local run starts itself: a catalog the user names is theirs, and in production
 * (Glue) a missing metadata file is an incident to look at, not to paper over.
 */
final class LocalCatalog {
    private LocalCatalog() {}

    /** Drops the tables of {@code database} whose metadata is gone; returns them. */
    static List<TableIdentifier> dropTablesWithoutMetadata(Catalog catalog, String database) {
        Namespace ns = Namespace.of(database);
        List<TableIdentifier> dropped = new ArrayList<>();
        if (catalog instanceof SupportsNamespaces
                && !((SupportsNamespaces) catalog).namespaceExists(ns)) {
            return dropped;
        }
        for (TableIdentifier id : catalog.listTables(ns)) {
            try {
                catalog.loadTable(id);
            } catch (NotFoundException metadataGone) {
                catalog.dropTable(id, false); // purge=false: no metadata to read files from
                dropped.add(id);
            }
        }
        return dropped;
    }
}
