fetch('placements.json').then((r) => r.json()).then((bodies) => console.log(bodies.length));
