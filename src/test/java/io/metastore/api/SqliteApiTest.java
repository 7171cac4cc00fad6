package io.metastore.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(SqliteProfile.class)
class SqliteApiTest extends ApiContract {}
