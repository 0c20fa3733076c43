"""The OpenAPI schema documents every status each route can return, with the error body."""

from fastapi.testclient import TestClient

EXPECTED = {
    ("post", "/api/v1/batches"): {"200", "400", "401", "403", "409", "413", "415", "422", "503"},
    ("post", "/api/v1/enrol"): {"200", "400", "403", "409", "413", "422", "429", "503"},
    ("get", "/api/v1/devices/me/sequence"): {"200", "401", "503"},
    ("post", "/api/v1/devices/me/check-in"): {"200", "400", "401", "413", "422", "503"},
    ("post", "/api/v1/devices/me/status"): {"204", "400", "401", "413", "422", "503"},
    ("post", "/api/v1/devices/me/update"): {"200", "400", "401", "413", "422", "503"},
    ("post", "/api/v1/devices/me/batches/held"): {"200", "400", "401", "413", "422", "503"},
    ("get", "/api/v1/catalog"): {"200", "422"},
    ("get", "/api/v1/hours"): {"200", "401", "422", "503"},
    ("get", "/api/v1/health"): {"200", "503"},
    ("get", "/api/v1/reports/effect"): {"200", "401", "422", "503"},
    ("get", "/api/v1/alerts"): {"200", "401", "503"},
    ("post", "/api/v1/door-events"): {"200", "400", "401", "413", "422", "503"},
    ("post", "/api/v1/pickups"): {"200", "400", "401", "409", "413", "422", "503"},
}


def test_every_route_documents_its_statuses_with_the_problem_body(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    found = {
        (method, path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }
    assert set(found) == set(EXPECTED)
    for key, statuses in EXPECTED.items():
        responses = found[key]["responses"]
        assert set(responses) == statuses, key
        for status, response in responses.items():
            if status[0] in "45":
                body = response["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/ProblemPublic"}, (key, status)
    assert api.get("/docs").status_code == 200
