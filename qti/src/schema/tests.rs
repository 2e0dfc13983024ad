use super::*;

#[test]
fn every_table_loads() {
    for id in [
        SchemaId::V2p0,
        SchemaId::V2p1,
        SchemaId::V2p2,
        SchemaId::V3p0,
        SchemaId::ResultV2p1,
        SchemaId::ResultV2p2,
        SchemaId::ResultV3p0,
    ] {
        assert!(id.schema().type_count() > 10, "{id:?}");
    }
}
