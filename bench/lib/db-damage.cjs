// What each database check finds: a ~53 MB database (two tables, three indexes) is damaged in
// several ways from a fixed seed, N times each, and every check is run on each copy:
// quick_check, integrity_check, dbstat (aggregate, and per page looking for 'corrupted'), and
// diagnose's walk (database-worker.ts). Run: node bench/lib/db-damage.cjs [N]; files in /tmp/diagnose.
const D=require("better-sqlite3");
const fs=require('fs');
fs.mkdirSync('/tmp/diagnose',{recursive:true});
const base='/tmp/diagnose/exp-base.db';
if(!fs.existsSync(base)){
  const db=new D(base); db.pragma('journal_mode=delete');
  db.exec(`CREATE TABLE sales(id INTEGER PRIMARY KEY, register TEXT NOT NULL, receipt_no TEXT NOT NULL, at TEXT NOT NULL, cashier TEXT, total REAL NOT NULL, UNIQUE(register, receipt_no));
  CREATE INDEX sales_at ON sales(at);
  CREATE TABLE movements(id INTEGER PRIMARY KEY, sku TEXT NOT NULL, qty REAL NOT NULL, kind TEXT NOT NULL, ref TEXT, at TEXT NOT NULL);
  CREATE INDEX movements_sku_at ON movements(sku, at);`);
  const s=db.prepare('INSERT INTO sales(register,receipt_no,at,cashier,total) VALUES (?,?,?,?,?)');
  const m=db.prepare('INSERT INTO movements(sku,qty,kind,ref,at) VALUES (?,?,?,?,?)');
  db.transaction(()=>{ for(let i=0;i<150000;i++){ const at=new Date(Date.UTC(2026,0,1)+i*60000).toISOString(); s.run('POS-0'+(i%8),String(i).padStart(8,'0'),at,'c'+(i%12),(i%997)/10);
    for(let k=0;k<2;k++) m.run(String(6900000000000+(i*7+k)%20000),-1-k,'sale','S'+i,at); } })();
  db.close();
}
const size=fs.statSync(base).size; const P=4096; const pages=size/P;
function methods(file){
  const out={};
  const open=()=>new D(file,{readonly:true,fileMustExist:true});
  const run=(name,f)=>{ let db; try{ db=open(); out[name]=f(db); }catch(e){ out[name]='ERR:'+(e.code||e.message); } finally{ try{db&&db.close()}catch{} } };
  run('quick',db=>{const r=db.pragma('quick_check(5)'); return r.length===1&&r[0].quick_check==='ok'?'ok':'BAD';});
  run('integrity',db=>{const r=db.pragma('integrity_check(5)'); return r.length===1&&r[0].integrity_check==='ok'?'ok':'BAD';});
  run('dbstat-agg',db=>{db.prepare("SELECT count(*) FROM dbstat WHERE aggregate=1").get(); return 'ok';});
  run('dbstat-pagetype',db=>{return db.prepare("SELECT count(*) n FROM dbstat WHERE pagetype='corrupted'").get().n?'BAD':'ok';});
  run('walk', db=>{ db.pragma('cell_size_check=ON'); const objs=db.prepare("select type,name,tbl_name from sqlite_master where rootpage>0").all(); const n={};
    db.exec('BEGIN');
    for(const o of objs) n[o.name]=db.prepare(o.type==='table'?`SELECT count(*) n FROM "${o.name}" NOT INDEXED`:`SELECT count(*) n FROM "${o.tbl_name}" INDEXED BY "${o.name}" WHERE 1`).get().n;
    for(const o of objs) if(o.type==='index' && n[o.name]!==n[o.tbl_name]) return 'BAD(count)'; return 'ok'; });
  return out;
}
const cases={
  'page-aligned 4 KB, table leaf, middle': (r)=>[Math.floor(pages*(0.2+0.2*r()))*P, P],
  'unaligned 16 KB, middle': (r)=>[Math.floor(size*(0.3+0.4*r())), 16384],
  'unaligned 64 KB, middle': (r)=>[Math.floor(size*(0.3+0.4*r())), 65536],
  'unaligned 200 B, middle': (r)=>[Math.floor(size*(0.3+0.4*r())), 200],
  'unaligned 8 B, middle': (r)=>[Math.floor(size*(0.3+0.4*r())), 8],
  'page-aligned 4 KB, last 10% (indexes)': (r)=>[Math.floor(pages*(0.9+0.099*r()))*P, P],
  '200 B inside a page, last 10% (indexes)': (r)=>[Math.floor(pages*(0.9+0.099*r()))*P+500+Math.floor(r()*3000), 200],
};
let x=12345; const rnd=()=>((x=(x*1103515245+12345)%2147483648)/2147483648);
const TRIALS=Number(process.argv[2]||10);
const file='/tmp/diagnose/exp-work.db';
console.log('base', (size/1e6).toFixed(1),'MB');
for(const [name,f] of Object.entries(cases)){
  const tally={};
  for(let t=0;t<TRIALS;t++){
    fs.copyFileSync(base,file); const [off,len]=f(rnd); const buf=Buffer.alloc(len); for(let i=0;i<len;i++) buf[i]=Math.floor(rnd()*256);
    const fd=fs.openSync(file,'r+'); fs.writeSync(fd,buf,0,len,off); fs.closeSync(fd);
    const r=methods(file); for(const [k,v] of Object.entries(r)){ tally[k]=(tally[k]||0)+(v==='ok'?0:1); }
  }
  console.log(name.padEnd(42), Object.entries(tally).map(([k,v])=>`${k} ${v}/${TRIALS}`).join('  '));
}
