// Package heappeak measures the most heap a function holds live at once,
// for the tests that hold the tools' memory to what their docs claim
// (bounded, whatever a file's size).
package heappeak
