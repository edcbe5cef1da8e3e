// Colours shared by the map, the chart and the timeline.
export const MODE_COLORS = { rail: '#6a3d9a', road: '#e07b1a', ferry: '#138a8a', sea: '#2c6db5', pipeline: '#7f7f7f', air: '#c2185b' };
export const SERIES_COLORS = ['#1f5fa8', '#c0392b'];
