package assets

// LoadSlides exposes the deck loader to the black-box tests.
var LoadSlides = loadSlides
