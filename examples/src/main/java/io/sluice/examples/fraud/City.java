package io.sluice.examples.fraud;

import java.util.List;

/** A place transactions happen, with its coordinates, and the great-circle distance between two places. */
record City(String name, double lat, double lon) {

    /** Cities on every continent, so that every one has others thousands of kilometres away. */
    static final List<City> ALL = List.of(
            new City("Berlin", 52.52, 13.405), new City("Paris", 48.857, 2.352), new City("Madrid", 40.417, -3.704),
            new City("London", 51.507, -0.128), new City("Rome", 41.903, 12.496), new City("Warsaw", 52.23, 21.012),
            new City("New-York", 40.713, -74.006), new City("Chicago", 41.878, -87.63),
            new City("Toronto", 43.653, -79.383), new City("Sao-Paulo", -23.551, -46.633),
            new City("Tokyo", 35.677, 139.65), new City("Singapore", 1.352, 103.82),
            new City("Sydney", -33.869, 151.209), new City("Mumbai", 19.076, 72.878),
            new City("Nairobi", -1.292, 36.822), new City("Mexico-City", 19.433, -99.133));

    private static final double EARTH_RADIUS_KM = 6371.0;

    /** Great-circle distance in km (haversine). */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    double distanceKm(City other) {
        return distanceKm(lat, lon, other.lat, other.lon);
    }
}
