"""A static imitation of Korean press-release sites, served on 127.0.0.1 for the demo and the tests."""
